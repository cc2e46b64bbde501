/**
 * Every entity a customization's `entities` part names (its entities, and those its filters reach
 * through links, any `entity` key): what a device describes before it parses an offered customization.
 */
export function entitiesNamed(entities: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    // The part was validated when published; the depth bound only keeps a walk of stored JSON finite.
    if (depth > 64) return;
    if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'entity' && typeof child === 'string') names.add(child);
        else walk(child, depth + 1);
      }
    }
  };
  walk(entities, 0);
  return [...names];
}
