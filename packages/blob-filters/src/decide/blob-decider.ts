import { InvalidBlobRequestError } from '../errors/invalid-blob-request-error';
import type { BlobStoreFilter, FileTypeRule, Quota, SizeLimit } from '../filter/blob-store-filter';
import { defaultBlobStoreFilter } from '../filter/default-blob-store-filter';
import type { BlobDecision } from './blob-decision';
import type { BlobQuotaUsage } from './blob-quota-usage';
import { BLOB_KINDS, blobKey, type BlobRequest } from './blob-request';

/** Settings of the customization that bound downloads besides the filter. */
export interface BlobDecisionSettings {
  /** The `MaxAttachmentSize` setting: largest attachment downloaded during sync, 0 for no limit. @default 0 */
  readonly maxAttachmentSize?: number;
}

/** Decides, for one filter and its settings, what happens to each blob. */
export interface BlobDecider {
  /** The filter it applies. */
  readonly filter: BlobStoreFilter;
  /**
   * Decides whether `request` is downloaded now, left on demand, or refused; a `download` is charged
   * to `usage` before it returns (re-deciding an admitted key replaces its charge). Throws
   * {@link InvalidBlobRequestError} for a malformed request.
   * @example decider.decide({ kind: 'attachment', entity: 'annotation', id, attachedTo: 'account', fileName: 'visit.jpg', size: 48_213 }, usage)
   */
  decide(request: BlobRequest, usage: BlobQuotaUsage): BlobDecision;
}

interface AppliedLimit {
  readonly limit: SizeLimit;
  readonly rule: string;
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;

/** The lower-case suffix of a file name (after its last dot), or '' when it has none. */
export function fileSuffix(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The suffix rule for `fileName`: its own suffix's, else `*`'s. */
function suffixRule(rules: readonly FileTypeRule[], fileName: string): FileTypeRule | undefined {
  const suffix = fileSuffix(fileName);
  return (suffix !== '' ? rules.find((rule) => rule.suffix === suffix) : undefined) ?? rules.find((rule) => rule.suffix === '*');
}

function checkRequest(request: BlobRequest): void {
  if (!BLOB_KINDS.includes(request.kind)) throw new InvalidBlobRequestError('kind', `must be one of ${BLOB_KINDS.join(', ')}, got '${String(request.kind)}'`);
  if (typeof request.entity !== 'string' || request.entity === '') throw new InvalidBlobRequestError('entity', 'must name an entity');
  if (typeof request.id !== 'string' || request.id === '') throw new InvalidBlobRequestError('id', 'must not be empty');
  if (typeof request.fileName !== 'string') throw new InvalidBlobRequestError('fileName', 'must be text');
  if (!Number.isSafeInteger(request.size) || request.size < 0)
    throw new InvalidBlobRequestError('size', `must be a whole number of bytes, got ${String(request.size)}`);
}

/**
 * Binds a {@link BlobStoreFilter} (by default {@link defaultBlobStoreFilter}) and the settings into a
 * {@link BlobDecider}. The rules, in order (decision 144):
 * - an `image` is always downloaded (charged to scope `images`, which has no quota);
 * - an `attachment` whose parent entity is excluded by `NotSyncingAttachmentsFor` /
 *   `OnlySyncingAttachmentsFor` is refused; then its limits are the `MaxAttachmentSize` setting,
 *   `MaxAttachmentSize`, and the most specific `EntityAttachmentsFilter` (Name and AttachedTo, else
 *   Name alone): its `MaxFileSize`, its suffix rule (the suffix's own, else `*`) and its `Quota`;
 * - a `file`'s limits are `FilesFilter`'s `MaxFileSize`, its suffix rule and its `Quota`;
 * - every applicable limit must hold: a blocked one (0) refuses, one exceeded leaves the blob on
 *   demand, and so does a quota without room for it.
 */
export function createBlobDecider(filter: BlobStoreFilter = defaultBlobStoreFilter, settings: BlobDecisionSettings = {}): BlobDecider {
  const maxAttachmentSetting = settings.maxAttachmentSize ?? 0;

  function decide(request: BlobRequest, usage: BlobQuotaUsage): BlobDecision {
    checkRequest(request);
    const key = blobKey(request);
    if (request.kind === 'image') {
      usage.admit({ key, scope: 'images', size: request.size });
      return { outcome: 'download' };
    }

    const limits: AppliedLimit[] = [];
    let scope: string;
    let quota: Quota = 'unlimited';
    let quotaRule = '';
    if (request.kind === 'file') {
      const files = filter.files;
      limits.push({ limit: files.maxFileSize, rule: `${files.path}/MaxFileSize` });
      const byType = suffixRule(files.fileTypes, request.fileName);
      if (byType) limits.push({ limit: byType.maxFileSize, rule: byType.path });
      scope = 'files';
      quota = files.quota;
      quotaRule = `${files.path}/Quota`;
    } else {
      const attachments = filter.attachments;
      const entity = request.entity.toLowerCase();
      const parent = request.attachedTo?.toLowerCase();
      const scoped = attachments.attachedTo;
      if (scoped.kind === 'except' && parent !== undefined && scoped.entities.includes(parent)) {
        return {
          outcome: 'refused',
          reason: 'entity-not-synchronised',
          rule: scoped.path,
          message: `attachments of '${parent}' are not synchronised (${scoped.path})`,
        };
      }
      if (scoped.kind === 'only' && (parent === undefined || !scoped.entities.includes(parent))) {
        const what = parent === undefined ? 'attachments whose parent entity is unknown' : `attachments of '${parent}'`;
        return {
          outcome: 'refused',
          reason: 'entity-not-synchronised',
          rule: scoped.path,
          message: `${what} are not synchronised: ${scoped.path} lists only ${scoped.entities.join(', ') || 'no entity'}`,
        };
      }
      if (maxAttachmentSetting > 0) limits.push({ limit: maxAttachmentSetting, rule: 'MaxAttachmentSize (setting)' });
      limits.push({ limit: attachments.maxAttachmentSize, rule: `${attachments.path}/MaxAttachmentSize` });
      const rule =
        attachments.entityRules.find((candidate) => candidate.name === entity && candidate.attachedTo !== undefined && candidate.attachedTo === parent) ??
        attachments.entityRules.find((candidate) => candidate.name === entity && candidate.attachedTo === undefined);
      if (rule) {
        limits.push({ limit: rule.maxFileSize, rule: `${rule.path}/MaxFileSize` });
        const byType = suffixRule(rule.fileTypes, request.fileName);
        if (byType) limits.push({ limit: byType.maxFileSize, rule: byType.path });
        scope = `attachments:${rule.name}@${rule.attachedTo ?? '*'}`;
        quota = rule.quota;
        quotaRule = `${rule.path}/Quota`;
      } else {
        scope = 'attachments';
      }
    }

    const blocked = limits.find((applied) => applied.limit === 'blocked');
    if (blocked) return { outcome: 'refused', reason: 'blocked', rule: blocked.rule, message: `blocked by ${blocked.rule} (MaxFileSize 0)` };
    let tightest: { limit: number; rule: string } | undefined;
    for (const applied of limits) {
      if (typeof applied.limit === 'number' && request.size > applied.limit && (!tightest || applied.limit < tightest.limit))
        tightest = { limit: applied.limit, rule: applied.rule };
    }
    if (tightest) {
      return {
        outcome: 'on-demand',
        reason: 'over-size-limit',
        rule: tightest.rule,
        limit: tightest.limit,
        message: `${bytes(request.size)} is over the limit of ${bytes(tightest.limit)} set by ${tightest.rule}`,
      };
    }
    if (quota !== 'unlimited') {
      const previous = usage.entry(key);
      const used = usage.used(scope) - (previous && previous.scope === scope ? previous.size : 0);
      if (used + request.size > quota) {
        return {
          outcome: 'on-demand',
          reason: 'over-quota',
          rule: quotaRule,
          limit: quota,
          message: `${bytes(request.size)} does not fit: ${bytes(used)} of the quota of ${bytes(quota)} set by ${quotaRule} are taken`,
        };
      }
    }
    usage.admit({ key, scope, size: request.size });
    return { outcome: 'download' };
  }

  return Object.freeze({ filter, decide });
}
