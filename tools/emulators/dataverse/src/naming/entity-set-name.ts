/**
 * The entity set name of a logical name, as Dataverse makes it: the English plural (`account` →
 * `accounts`, `opportunity` → `opportunities`, `address` → `addresses`).
 */
export function entitySetNameOf(logicalName: string): string {
  if (/[^aeiou]y$/.test(logicalName)) return `${logicalName.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(logicalName)) return `${logicalName}es`;
  return `${logicalName}s`;
}
