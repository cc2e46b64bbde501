import type { DocumentRecord } from '@fieldsync/connector-api';
import type { DocumentLocation } from '../config/graph-documents-config';

/** Characters SharePoint and OneDrive refuse in a name, replaced by `_` in a folder name. */
const INVALID_NAME_CHARACTERS = /["*:<>?/\\|#%]/g;

function safeName(name: string): string {
  const cleaned = name.replace(INVALID_NAME_CHARACTERS, '_').trim().replace(/\.+$/, '');
  return cleaned === '' ? '_' : cleaned;
}

/** SharePoint's default record folder, below the library root: `<entity>/<record name>_<record id without dashes>` (as Dynamics creates it). */
export function sharePointRecordFolder(record: DocumentRecord, locations: readonly DocumentLocation[] = []): string {
  const location = locations.find((l) => l.entity === record.entity && l.recordId.toLowerCase() === record.id.toLowerCase());
  if (location) return location.relativeUrl.replace(/^\/+|\/+$/g, '');
  return `${record.entity}/${safeName(record.name)}_${record.id.replace(/-/g, '').toUpperCase()}`;
}

/** OneDrive's record folder, below the drive root: `<root>/<entity>/<record name>_<record id>` (seed 003). */
export function oneDriveRecordFolder(root: string, record: DocumentRecord): string {
  return `${root.replace(/^\/+|\/+$/g, '')}/${record.entity}/${safeName(record.name)}_${record.id}`;
}
