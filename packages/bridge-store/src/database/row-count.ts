/** A `count(*)` as read: PostgreSQL answers bigint counts as strings. */
export function toCount(value: number | string | bigint | undefined): number {
  return value === undefined ? 0 : Number(value);
}
