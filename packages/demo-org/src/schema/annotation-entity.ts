import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, regardingField } from './common-fields';

/** A note on an account, contact or opportunity; a note with `isdocument` carries an attachment body. */
export const annotationEntity: EntitySchema = {
  name: 'annotation',
  label: 'Note',
  primaryKey: 'annotationid',
  primaryName: 'subject',
  fields: [
    primaryKeyField('annotationid'),
    { name: 'subject', type: 'string', label: 'Title', maxLength: 500 },
    { name: 'notetext', type: 'memo', label: 'Description', maxLength: 100000 },
    regardingField('objectid', true),
    { name: 'filename', type: 'string', label: 'File Name', maxLength: 255 },
    { name: 'mimetype', type: 'string', label: 'Mime Type', maxLength: 256 },
    { name: 'filesize', type: 'int', label: 'File Size (Bytes)', readOnly: true },
    { name: 'isdocument', type: 'bool', label: 'Is Document', readOnly: true },
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
