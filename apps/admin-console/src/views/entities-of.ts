/** The entity names of a customization document (`{ entities: [{ entity }] }`), sorted; none when it has another shape. */
export function entitiesOf(content: unknown): string[] {
  const entities = (content as { entities?: unknown } | null)?.entities;
  if (!Array.isArray(entities)) return [];
  const names = entities.map((item) => (item as { entity?: unknown } | null)?.entity).filter((name): name is string => typeof name === 'string');
  return [...new Set(names)].sort();
}
