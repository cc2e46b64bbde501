/** Ids of records removed from the device during one sync, by entity: cleanup removes their children. */
export type RemovedRecords = Map<string, Set<string>>;

/** Adds removed ids of one entity to {@link RemovedRecords}. */
export function noteRemoved(removed: RemovedRecords, entity: string, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const set = removed.get(entity) ?? new Set<string>();
  for (const id of ids) set.add(id);
  removed.set(entity, set);
}
