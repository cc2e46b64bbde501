import { ENTITY_IMAGE_TIMESTAMP_FIELD } from '@fieldsync/connector-api';
import type { LocalSchema } from '../local-store/local-schema';
import { bodyEntities } from './body-entities';

/** An entity whose records may carry an entity image, and its key. */
export interface ImageEntity {
  readonly entity: string;
  readonly primaryKey: string;
}

/**
 * The synchronised entities whose records carry an entity image: the field `entityimage_timestamp`
 * synchronised (as the connectors expose it; Dataverse's attribute of that name). An entity whose
 * records carry a body (notes) has no image, as in Dynamics: it is left out, so the two never share a
 * key in the attachment table (decision 181).
 */
export function imageEntities(local: LocalSchema): ImageEntity[] {
  const bodies = new Set(bodyEntities(local).map((body) => body.entity));
  const found: ImageEntity[] = [];
  for (const { schema } of local.entities.values()) {
    if (bodies.has(schema.name)) continue;
    if (!schema.fields.some((field) => field.name === ENTITY_IMAGE_TIMESTAMP_FIELD)) continue;
    found.push({ entity: schema.name, primaryKey: schema.primaryKey });
  }
  return found;
}
