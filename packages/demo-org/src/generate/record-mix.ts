/**
 * Share of each entity in a demo org's records, in insert order (parents first). The shares add up to 1.
 */
export const RECORD_MIX: readonly (readonly [entity: string, share: number])[] = [
  ['account', 0.1],
  ['contact', 0.25],
  ['opportunity', 0.1],
  ['quote', 0.05],
  ['quotedetail', 0.12],
  ['task', 0.12],
  ['appointment', 0.08],
  ['email', 0.1],
  ['annotation', 0.08],
];

/**
 * Splits `total` records across the entities of {@link RECORD_MIX} (largest remainders), so the counts
 * add up to `total` exactly. With any records at all there is at least one account, and quote details come
 * with at least one quote, so no child is generated without a parent.
 */
export function recordCounts(total: number): Record<string, number> {
  const exact = RECORD_MIX.map(([entity, share]) => ({ entity, exact: share * total, count: Math.floor(share * total) }));
  let left = total - exact.reduce((sum, e) => sum + e.count, 0);
  const byRemainder = [...exact].sort((a, b) => b.exact - b.count - (a.exact - a.count));
  for (let i = 0; left > 0; i++, left--) byRemainder[i % byRemainder.length].count++;
  const counts: Record<string, number> = Object.fromEntries(exact.map((e) => [e.entity, e.count]));

  if (counts.quote === 0 && counts.quotedetail > 0) {
    counts.quote += 1;
    counts.quotedetail -= 1;
  }
  if (total > 0 && counts.account === 0) {
    const donor = RECORD_MIX.map(([entity]) => entity).find((entity) => entity !== 'quote' && entity !== 'account' && counts[entity] > 0);
    if (donor) counts[donor] -= 1;
    else counts.quote -= 1;
    counts.account += 1;
  }
  return counts;
}
