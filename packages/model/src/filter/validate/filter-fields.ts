import type { FilterNode, SyncFilter } from '../filter-node';

/**
 * The fields a filter reads, per entity, each once in first-use order: the filtered entity's fields
 * (a link's lookup included) and each linked entity's fields.
 * @example filterFields(f) // { contact: ['statuscode', 'parentcustomerid'], account: ['name'] }
 */
export function filterFields(filter: SyncFilter): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (entity: string, field: string) => {
    const list = (fields[entity] ??= []);
    if (!list.includes(field)) list.push(field);
  };
  const visit = (entity: string, node: FilterNode) => {
    if (node.kind === 'condition') add(entity, node.field);
    else if (node.kind === 'group') node.children.forEach((child) => visit(entity, child));
    else {
      add(entity, node.lookup);
      visit(node.entity, node.filter);
    }
  };
  fields[filter.entity] = [];
  if (filter.where) visit(filter.entity, filter.where);
  return fields;
}
