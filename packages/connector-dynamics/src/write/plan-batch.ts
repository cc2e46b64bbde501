import type { WriteOperation } from '@fieldsync/connector-api';
import { isEntityReference } from '@fieldsync/model';

/** Operations (by index) that must land together: a create and the operations that refer to its id. */
export type OperationGroup = readonly number[];

/** The ids an operation refers to: its target record and the records its lookups point at. */
function referencedIds(operation: WriteOperation): string[] {
  const ids: string[] = [];
  if (operation.kind !== 'create') ids.push(operation.id.toLowerCase());
  if (operation.kind === 'associate' || operation.kind === 'disassociate') ids.push(operation.relatedId.toLowerCase());
  if (operation.kind === 'create' || operation.kind === 'update') {
    for (const value of Object.values(operation.fields)) if (isEntityReference(value)) ids.push(value.id.toLowerCase());
  }
  return ids;
}

/**
 * Groups a batch's operations into what may be sent on its own and what must go in one change set
 * (docs/decisions/097): every operation that refers to a record created earlier in the batch joins that
 * create's group, so a parent and its children land together or not at all. Groups keep the batch's
 * order (by their first operation); `createdIds[i]` is the id operation i creates, if any.
 */
export function groupOperations(operations: readonly WriteOperation[], createdIds: readonly (string | undefined)[]): OperationGroup[] {
  const parent = operations.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index])));
  const creatorOf = new Map<string, number>();
  operations.forEach((operation, index) => {
    for (const id of referencedIds(operation)) {
      const creator = creatorOf.get(id);
      if (creator !== undefined) parent[find(index)] = find(creator);
    }
    const created = createdIds[index];
    if (created !== undefined) creatorOf.set(created.toLowerCase(), index);
  });
  const groups = new Map<number, number[]>();
  operations.forEach((_, index) => {
    const root = find(index);
    const group = groups.get(root) ?? [];
    group.push(index);
    groups.set(root, group);
  });
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}

/** Splits groups into `$batch` calls of at most `limit` requests, never splitting a group. */
export function chunkGroups(groups: readonly OperationGroup[], limit: number): OperationGroup[][] {
  const chunks: OperationGroup[][] = [];
  let current: OperationGroup[] = [];
  let size = 0;
  for (const group of groups) {
    if (size + group.length > limit && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(group);
    size += group.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
