import { isReferenceType, targetColumnOf, type FieldSchema } from '@fieldsync/model';
import type { LocalSchema } from '../local-store/local-schema';

/** An entity whose records carry a body, and the columns that describe it. */
export interface BodyEntity {
  readonly entity: string;
  readonly primaryKey: string;
  /** `isdocument`, when the entity has it: only rows where it is true carry a body. */
  readonly flag?: string;
  /** The lookup to the record it is attached to (`objectid`), its target column. */
  readonly attachedToColumn?: string;
  readonly hasMimeType: boolean;
}

const PARENT_LOOKUPS = ['objectid', 'regardingobjectid', 'parentid'];

/**
 * The synchronised entities whose bodies reach the device: `attachments: true` in the customization
 * and the fields `filename` and `filesize` synchronised (notes, email attachments).
 */
export function bodyEntities(local: LocalSchema): BodyEntity[] {
  const found: BodyEntity[] = [];
  for (const { schema, config } of local.entities.values()) {
    if (!config.attachments) continue;
    const field = (name: string): FieldSchema | undefined => schema.fields.find((candidate) => candidate.name === name);
    if (!field('filename') || !field('filesize')) continue;
    const parent = PARENT_LOOKUPS.map(field).find((candidate) => candidate !== undefined && isReferenceType(candidate.type));
    found.push({
      entity: schema.name,
      primaryKey: schema.primaryKey,
      ...(field('isdocument') ? { flag: 'isdocument' } : {}),
      ...(parent ? { attachedToColumn: targetColumnOf(parent.name) } : {}),
      hasMimeType: field('mimetype') !== undefined,
    });
  }
  return found;
}
