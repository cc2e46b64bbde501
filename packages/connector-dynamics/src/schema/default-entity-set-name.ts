/**
 * The entity set name Dataverse gives an entity by default (the English plural of its logical name),
 * used only for entities the connector has not described, such as `systemuser` and `team` in owner binds.
 */
export function defaultEntitySetName(logicalName: string): string {
  if (/[^aeiou]y$/.test(logicalName)) return `${logicalName.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(logicalName)) return `${logicalName}es`;
  return `${logicalName}s`;
}
