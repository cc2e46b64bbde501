import { ValidationError } from '../../errors/validation-error';
import type { Schema } from '../../schema/entity-schema';
import type { SyncFilter } from '../filter-node';
import { validateFilter } from './validate-filter';

/** Throws {@link ValidationError} (subject `filter`) listing every issue {@link validateFilter} finds. */
export function assertValidFilter(filter: SyncFilter, schema: Schema, path = 'filter'): void {
  const issues = validateFilter(filter, schema, path);
  if (issues.length > 0) throw new ValidationError('filter', issues);
}
