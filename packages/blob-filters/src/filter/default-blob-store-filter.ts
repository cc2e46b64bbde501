import type { BlobStoreFilter } from './blob-store-filter';
import { freezeDeep } from './freeze-deep';

/**
 * The filter that applies when a customization has no `blobStoreFilter` (decision 144): no quota, no
 * size limit, every entity's attachments. What a device then downloads is bounded only by the
 * `MaxAttachmentSize` setting (attachments) and by which entities have `attachments: true`; the
 * admin API warns about it when such a customization is published.
 */
export const defaultBlobStoreFilter: BlobStoreFilter = freezeDeep({
  files: { quota: 'unlimited', maxFileSize: 'unlimited', fileTypes: [], path: '(default)' },
  attachments: { maxAttachmentSize: 'unlimited', attachedTo: { kind: 'all' }, entityRules: [], path: '(default)' },
});
