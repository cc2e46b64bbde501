/** A bound value as SQLite takes it: no booleans (0/1, as the engine reads them back) and no bigints. */
export function toSqliteParameter(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value;
}
