import type { EntitySchema } from '../schema/entity-schema';
import type { AppSettings } from './app-settings';
import type { EntitySyncConfig } from './customization';

/** Download page size of ordinary entities up to {@link DEFAULT_PAGE_VALUES} / 500 fields wide. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * The most field values a default download page holds: 500 records of 24 fields. A wider entity gets
 * fewer records per page, so that converting and checking one page takes about the same time whatever
 * the width (a 500-record page of 120 fields held the event loop for about 100 ms).
 */
export const DEFAULT_PAGE_VALUES = 12_000;

/** The fewest records a default page holds, however wide the entity. */
export const MIN_DEFAULT_PAGE_SIZE = 50;

/** Download page size of N:N relationship (intersect) entities. */
export const INTERSECT_PAGE_SIZE = 2500;

/** Largest page size an entity configuration may ask for (the largest page CRM servers return). */
export const MAX_PAGE_SIZE = 5000;

/**
 * The default page size of an ordinary entity of `fieldCount` fields: {@link DEFAULT_PAGE_SIZE}, or
 * fewer records for an entity wider than 24 fields ({@link DEFAULT_PAGE_VALUES} values a page), never
 * below {@link MIN_DEFAULT_PAGE_SIZE}.
 */
export function defaultPageSize(fieldCount: number): number {
  const byWidth = Math.floor(DEFAULT_PAGE_VALUES / Math.max(1, fieldCount));
  return Math.max(MIN_DEFAULT_PAGE_SIZE, Math.min(DEFAULT_PAGE_SIZE, byWidth));
}

/**
 * The page size the engine downloads `config`'s entity with: the configuration's own `pageSize`, else
 * `EmailFetchPageSize` for `email`, {@link INTERSECT_PAGE_SIZE} for intersect entities and
 * {@link defaultPageSize} of the entity's width (the fields the device holds) for the rest.
 */
export function effectivePageSize(config: EntitySyncConfig, entity: EntitySchema | undefined, settings: AppSettings): number {
  if (config.pageSize !== undefined) return config.pageSize;
  if (config.entity === 'email') return settings.EmailFetchPageSize;
  if (entity?.kind === 'intersect') return INTERSECT_PAGE_SIZE;
  return entity ? defaultPageSize(entity.fields.length) : DEFAULT_PAGE_SIZE;
}
