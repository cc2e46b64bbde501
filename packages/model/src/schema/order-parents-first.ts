import { UnknownEntityError } from '../errors/unknown-entity-error';
import type { Schema } from './entity-schema';
import { isReferenceType } from './field-type';
import { OWNER_TARGETS } from './validate-schema';

/**
 * Orders entities so that parents come before their children: for upload (parents created first)
 * and download (quotes before quote details). `entities` (default: all) picks which to order;
 * an unknown name throws {@link UnknownEntityError}.
 *
 * Parent lookups (`parent: true`) are hard constraints; plain lookups and owners are honoured too
 * where that adds no cycle. The order is stable: entities not constrained keep schema order. A
 * cycle is broken by dropping the constraint that would close it, constraints being added in this
 * order: every parent lookup, then every plain lookup, each in schema order of the child entity,
 * then field order, then target order. So a parent lookup always wins over a plain one, and among
 * equals the entity earlier in the schema wins. Self-references are ignored.
 * @example orderParentsFirst(schema, ['quotedetail', 'quote']) // ['quote', 'quotedetail']
 */
export function orderParentsFirst(schema: Schema, entities?: readonly string[]): string[] {
  const position = new Map<string, number>();
  schema.entities.forEach((entity, index) => {
    if (!position.has(entity.name)) position.set(entity.name, index);
  });
  const selected = new Set(entities ?? schema.entities.map((entity) => entity.name));
  const nodes: number[] = [];
  for (const name of selected) {
    const index = position.get(name);
    if (index === undefined) throw new UnknownEntityError(name, 'entities');
    nodes.push(index);
  }
  nodes.sort((a, b) => a - b);
  const included = new Set(nodes);

  const hard: [number, number][] = [];
  const soft: [number, number][] = [];
  for (const child of nodes) {
    for (const field of schema.entities[child].fields) {
      if (!isReferenceType(field.type)) continue;
      const isParent = field.type === 'lookup' && field.parent === true;
      const targets = field.type === 'owner' ? (field.targets ?? OWNER_TARGETS) : (field.targets ?? []);
      for (const target of targets) {
        const parent = position.get(target);
        if (parent === undefined || parent === child || !included.has(parent)) continue;
        (isParent ? hard : soft).push([parent, child]);
      }
    }
  }

  // successors[parent] = entities that must come after it (indexed by schema position)
  const successors: Set<number>[] = schema.entities.map(() => new Set<number>());
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    const pending = [from];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (node === to) return true;
      for (const next of successors[node]) {
        if (!seen.has(next)) {
          seen.add(next);
          pending.push(next);
        }
      }
    }
    return false;
  };
  for (const [parent, child] of [...hard, ...soft]) {
    if (successors[parent].has(child) || reaches(child, parent)) continue;
    successors[parent].add(child);
  }

  // Kahn's algorithm, always taking the ready entity earliest in the schema.
  const waiting: number[] = schema.entities.map(() => 0);
  for (const node of nodes) for (const child of successors[node]) waiting[child] += 1;
  const ready = nodes.filter((node) => waiting[node] === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const node = ready[0];
    ready.shift();
    order.push(schema.entities[node].name);
    for (const child of successors[node]) {
      waiting[child] -= 1;
      if (waiting[child] === 0) ready.push(child);
    }
  }
  return order;
}
