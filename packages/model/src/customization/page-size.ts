import type { EntitySchema } from '../schema/entity-schema';
import type { AppSettings } from './app-settings';
import type { EntitySyncConfig } from './customization';

/** Download page size of ordinary entities. */
export const DEFAULT_PAGE_SIZE = 500;

/** Download page size of N:N relationship (intersect) entities. */
export const INTERSECT_PAGE_SIZE = 2500;

/** Largest page size an entity configuration may ask for (the largest page CRM servers return). */
export const MAX_PAGE_SIZE = 5000;

/**
 * The page size the engine downloads `config`'s entity with: the configuration's own `pageSize`, else
 * `EmailFetchPageSize` for `email`, {@link INTERSECT_PAGE_SIZE} for intersect entities and
 * {@link DEFAULT_PAGE_SIZE} for the rest.
 */
export function effectivePageSize(config: EntitySyncConfig, entity: EntitySchema | undefined, settings: AppSettings): number {
  if (config.pageSize !== undefined) return config.pageSize;
  if (config.entity === 'email') return settings.EmailFetchPageSize;
  if (entity?.kind === 'intersect') return INTERSECT_PAGE_SIZE;
  return DEFAULT_PAGE_SIZE;
}
