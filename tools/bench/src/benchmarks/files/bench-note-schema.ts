import type { EntitySchema, Schema } from '@fieldsync/model';

/** Notes that carry a body: the fields the device's attachment step needs (`filename`, `filesize`) and those `putAttachment` sets. */
export const benchNoteEntity: EntitySchema = {
  name: 'annotation',
  primaryKey: 'annotationid',
  primaryName: 'subject',
  fields: [
    { name: 'annotationid', type: 'string' },
    { name: 'subject', type: 'string', maxLength: 200 },
    { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
    { name: 'filename', type: 'string', maxLength: 255 },
    { name: 'mimetype', type: 'string', maxLength: 100 },
    { name: 'filesize', type: 'int' },
    { name: 'isdocument', type: 'bool' },
    { name: 'createdon', type: 'datetime', readOnly: true },
    { name: 'modifiedon', type: 'datetime', readOnly: true },
  ],
};

/** The schema of the file benchmarks: notes only. */
export const benchNoteSchema: Schema = { entities: [benchNoteEntity] };
