import { findEntity, parentalControl, type EntitySchema } from '@fieldsync/model';
import type { StoreCore, StoreExecutor } from '../store/store-core';

/** Ids per statement, well under SQLite's bound on parameters. */
const ID_CHUNK = 5_000;

/**
 * The entities whose records control access to `entity` through parental control, nearest first
 * (a quote detail: `quote`; a note on a quote detail: `quotedetail`, `quote`). Empty for an entity
 * with its own owner. Parent cycles are refused by schema validation, so the walk ends.
 */
export function controllingEntities(core: StoreCore, entity: EntitySchema): string[] {
  const found: string[] = [];
  const visit = (current: EntitySchema) => {
    const control = parentalControl(current);
    for (const name of control?.targets ?? []) {
      const target = findEntity(core.schema, name);
      if (!target || found.includes(name)) continue;
      found.push(name);
      visit(target);
    }
  };
  visit(entity);
  return found;
}

/**
 * The ids of `entity` records under each of the given `ancestor` records, following the parental
 * control chain (one query per level, ids in chunks): ancestor id -> ids of the records below it.
 */
export async function idsUnder(
  core: StoreCore,
  executor: StoreExecutor,
  entity: EntitySchema,
  ancestor: string,
  ancestorIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const control = parentalControl(entity);
  if (!control || ancestorIds.length === 0) return result;
  const add = (key: string, ids: readonly string[]) => {
    if (ids.length > 0) result.set(key, [...(result.get(key) ?? []), ...ids]);
  };
  for (const targetName of control.targets ?? []) {
    const target = findEntity(core.schema, targetName);
    if (!target) continue;
    // Parent ids under each ancestor id: the ancestor itself when it is the direct parent.
    let parents: Map<string, string[]>;
    if (targetName === ancestor) parents = new Map(ancestorIds.map((id) => [id, [id]]));
    else if (controllingEntities(core, target).includes(ancestor)) parents = await idsUnder(core, executor, target, ancestor, ancestorIds);
    else continue;
    const parentIds = [...new Set([...parents.values()].flat())];
    const children = new Map<string, string[]>();
    for (let start = 0; start < parentIds.length; start += ID_CHUNK) {
      const rows = await executor
        .selectFrom(entity.name)
        .select([entity.primaryKey, control.name])
        .where(`${control.name}_target`, '=', targetName)
        .where(control.name, 'in', parentIds.slice(start, start + ID_CHUNK))
        .execute();
      for (const row of rows) {
        const parentId = String(row[control.name]);
        children.set(parentId, [...(children.get(parentId) ?? []), String(row[entity.primaryKey])]);
      }
    }
    for (const [ancestorId, ids] of parents)
      add(
        ancestorId,
        ids.flatMap((id) => children.get(id) ?? []),
      );
  }
  return result;
}

/**
 * The record whose owner and shares decide access to this row: the row itself for an entity that is
 * not a parental child, else its parent's controlling record, up the chain. Undefined when a parent
 * in the chain is missing (then only organization depth reaches the row's remains).
 */
export async function controllingRecord(
  core: StoreCore,
  executor: StoreExecutor,
  entity: EntitySchema,
  row: Record<string, unknown>,
): Promise<{ entity: EntitySchema; row: Record<string, unknown> } | undefined> {
  const control = parentalControl(entity);
  if (!control) return { entity, row };
  const parentName = row[`${control.name}_target`];
  const parentId = row[control.name];
  const parent = typeof parentName === 'string' ? findEntity(core.schema, parentName) : undefined;
  if (!parent || typeof parentId !== 'string') return undefined;
  const parentRow = await core.getRow(executor, parent, parentId);
  return parentRow ? controllingRecord(core, executor, parent, parentRow) : undefined;
}
