import { parseBlobStoreFilter } from '@fieldsync/blob-filters';
import type { ApiServices } from '@fieldsync/device-api';

/** The limit an upload is held to, and what set it. */
export interface AttachmentSizeLimit {
  readonly bytes: number;
  /** `bridge` (the configured maximum) or the filter's path, e.g. `/BlobStoreFilter/AttachmentsFilter/MaxAttachmentSize`. */
  readonly rule: string;
}

/**
 * The largest attachment a user with `roles` may upload: the `MaxAttachmentSize` of the BlobStoreFilter
 * of the customization the user gets, when it has one with a number there, bounded by the bridge's
 * own maximum (`bridgeMax`). A filter that no longer parses (it was checked when published) leaves the
 * bridge's maximum.
 */
export async function attachmentSizeLimit(services: ApiServices, roles: readonly string[], bridgeMax: number): Promise<AttachmentSizeLimit> {
  const stored = await services.state.customizations.forRoles(roles);
  const text = (stored?.content as { blobStoreFilter?: unknown } | undefined)?.blobStoreFilter;
  if (typeof text !== 'string') return { bytes: bridgeMax, rule: 'bridge' };
  try {
    const { attachments } = parseBlobStoreFilter(text);
    const max = attachments.maxAttachmentSize;
    if (typeof max === 'number' && max > 0 && max < bridgeMax) return { bytes: max, rule: `${attachments.path}/MaxAttachmentSize` };
  } catch {
    // Published filters were validated; an unreadable one is no reason to refuse uploads.
  }
  return { bytes: bridgeMax, rule: 'bridge' };
}
