import fc from 'fast-check';
import type { BlobStoreFilter, FileTypeRule, SizeLimit } from '../filter/blob-store-filter';
import { parseBlobStoreFilter } from '../filter/parse-blob-store-filter';
import { createBlobDecider } from './blob-decider';
import type { BlobDecision } from './blob-decision';
import { BlobQuotaUsage } from './blob-quota-usage';
import { blobKey, type BlobRequest } from './blob-request';

const SUFFIXES = ['jpg', 'pdf', 'doc', '*'];
const PARENTS = ['account', 'contact'];

/** A size as written in XML: -1, 0 or some bytes. */
const sizeText = fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 1, max: 20_000 }));
const quotaText = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 60_000 }));

const fileTypes = fc.uniqueArray(fc.record({ suffix: fc.constantFrom(...SUFFIXES), max: sizeText }), { selector: (rule) => rule.suffix, maxLength: 4 });
const fileTypesXml = (rules: { suffix: string; max: number }[]) =>
  `<Filters>${rules.map((rule) => `<BlobStoreFileTypeFilter><FileSuffix>${rule.suffix}</FileSuffix><MaxFileSize>${rule.max}</MaxFileSize></BlobStoreFileTypeFilter>`).join('')}</Filters>`;

/** Random BlobStoreFilter XML covering every element of the language, without contradictions. */
const filterXml = fc
  .record({
    files: fc.option(fc.record({ quota: fc.option(quotaText), max: fc.option(sizeText), types: fileTypes }), { nil: undefined }),
    maxAttachment: fc.option(sizeText, { nil: undefined }),
    scope: fc.constantFrom('all', 'except', 'only'),
    listed: fc.subarray(PARENTS),
    rules: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom('annotation', 'activitymimeattachment'),
        attachedTo: fc.option(fc.constantFrom(...PARENTS), { nil: undefined }),
        quota: quotaText,
        max: sizeText,
        types: fileTypes,
      }),
      { selector: (rule) => `${rule.name}@${rule.attachedTo ?? ''}`, maxLength: 3 },
    ),
  })
  .map(({ files, maxAttachment, scope, listed, rules }) => {
    const filesXml = files
      ? `<FilesFilter>${files.quota !== null ? `<Quota>${files.quota}</Quota>` : ''}${files.max !== null ? `<MaxFileSize>${files.max}</MaxFileSize>` : ''}${fileTypesXml(files.types)}</FilesFilter>`
      : '';
    const list = listed.map((entity) => `<string>${entity}</string>`).join('');
    const scopeXml =
      scope === 'except'
        ? `<NotSyncingAttachmentsFor>${list}</NotSyncingAttachmentsFor>`
        : scope === 'only'
          ? `<OnlySyncingAttachmentsFor>${list}</OnlySyncingAttachmentsFor>`
          : '';
    // A rule for a parent the scope excludes is a contradiction the parser refuses: leave AttachedTo out then.
    const allowed = (parent: string) => (scope === 'except' ? !listed.includes(parent) : scope === 'only' ? listed.includes(parent) : true);
    const rulesXml = rules
      .filter(
        (rule, index, all) =>
          rule.attachedTo === undefined || allowed(rule.attachedTo) || !all.some((other) => other.name === rule.name && other.attachedTo === undefined),
      )
      .map((rule) => {
        const attachedTo = rule.attachedTo !== undefined && allowed(rule.attachedTo) ? ` AttachedTo="${rule.attachedTo}"` : '';
        return `<EntityAttachmentsFilter Name="${rule.name}"${attachedTo}><Quota>${rule.quota}</Quota><MaxFileSize>${rule.max}</MaxFileSize>${fileTypesXml(rule.types)}</EntityAttachmentsFilter>`;
      });
    const unique = [...new Map(rulesXml.map((xml) => [xml.replace(/>.*$/, ''), xml])).values()];
    return `<BlobStoreFilter>${filesXml}<AttachmentsFilter>${maxAttachment !== undefined ? `<MaxAttachmentSize>${maxAttachment}</MaxAttachmentSize>` : ''}${scopeXml}<EntityFilters>${unique.join('')}</EntityFilters></AttachmentsFilter></BlobStoreFilter>`;
  });

const request: fc.Arbitrary<BlobRequest> = fc.record({
  kind: fc.constantFrom('file', 'attachment', 'attachment', 'image') as fc.Arbitrary<BlobRequest['kind']>,
  entity: fc.constantFrom('annotation', 'activitymimeattachment'),
  id: fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'),
  attachedTo: fc.option(fc.constantFrom(...PARENTS), { nil: undefined }),
  fileName: fc.constantFrom('a.jpg', 'b.PDF', 'c.doc', 'd.txt', 'README'),
  size: fc.oneof(fc.integer({ min: 0, max: 25_000 }), fc.constantFrom(0, 1, 1000, 5000, 20_000)),
});

type Op = { readonly op: 'decide'; readonly request: BlobRequest } | { readonly op: 'release'; readonly pick: number };
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: request.map((r): Op => ({ op: 'decide', request: r })) },
    { weight: 1, arbitrary: fc.nat().map((pick): Op => ({ op: 'release', pick })) },
  ),
  { maxLength: 60 },
);

// ---- An independent reading of the rules, to check the decider against. ----

const limitOf = (limit: SizeLimit) => (limit === 'unlimited' ? Infinity : limit === 'blocked' ? 0 : limit);
function suffixLimit(rules: readonly FileTypeRule[], fileName: string): number {
  const dot = fileName.lastIndexOf('.');
  const suffix = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : undefined;
  const rule = rules.find((candidate) => candidate.suffix === suffix) ?? rules.find((candidate) => candidate.suffix === '*');
  return rule ? limitOf(rule.maxFileSize) : Infinity;
}
function ruleFor(filter: BlobStoreFilter, r: BlobRequest) {
  const rules = filter.attachments.entityRules.filter((rule) => rule.name === r.entity);
  return rules.find((rule) => rule.attachedTo !== undefined && rule.attachedTo === r.attachedTo) ?? rules.find((rule) => rule.attachedTo === undefined);
}
/** The largest size the filter lets `r` have (0 also when blocked), and its quota scope and quota. */
function bounds(filter: BlobStoreFilter, r: BlobRequest): { max: number; scope: string; quota: number } {
  if (r.kind === 'image') return { max: Infinity, scope: 'images', quota: Infinity };
  if (r.kind === 'file') {
    const files = filter.files;
    return {
      max: Math.min(limitOf(files.maxFileSize), suffixLimit(files.fileTypes, r.fileName)),
      scope: 'files',
      quota: files.quota === 'unlimited' ? Infinity : files.quota,
    };
  }
  const rule = ruleFor(filter, r);
  const max = Math.min(
    limitOf(filter.attachments.maxAttachmentSize),
    rule ? Math.min(limitOf(rule.maxFileSize), suffixLimit(rule.fileTypes, r.fileName)) : Infinity,
  );
  if (!rule) return { max, scope: 'attachments', quota: Infinity };
  return { max, scope: `attachments:${rule.name}@${rule.attachedTo ?? '*'}`, quota: rule.quota === 'unlimited' ? Infinity : rule.quota };
}
function quotaOfScope(filter: BlobStoreFilter, scope: string): number {
  if (scope === 'files') return filter.files.quota === 'unlimited' ? Infinity : filter.files.quota;
  const rule = filter.attachments.entityRules.find((candidate) => scope === `attachments:${candidate.name}@${candidate.attachedTo ?? '*'}`);
  return rule && rule.quota !== 'unlimited' ? rule.quota : Infinity;
}

describe('createBlobDecider, whatever the filter and the order of files', () => {
  it('never admits past a quota or a size limit, and its ledger always adds up', () => {
    fc.assert(
      fc.property(filterXml, ops, (xml, sequence) => {
        const filter = parseBlobStoreFilter(xml);
        const decider = createBlobDecider(filter);
        const usage = new BlobQuotaUsage();
        const admitted = new Map<string, { scope: string; size: number }>();
        for (const step of sequence) {
          if (step.op === 'release') {
            const keys = [...admitted.keys()];
            if (keys.length === 0) continue;
            const key = keys[step.pick % keys.length];
            expect(usage.release(key)).toBe(true);
            admitted.delete(key);
          } else {
            const r = step.request;
            const decision = decider.decide(r, usage);
            const { max, scope } = bounds(filter, r);
            if (decision.outcome === 'download') {
              expect(r.size).toBeLessThanOrEqual(max);
              expect(max).toBeGreaterThan(0);
              admitted.set(blobKey(r), { scope, size: r.size });
            } else if (decision.outcome === 'refused') {
              expect(r.kind).not.toBe('image');
            }
          }
          const totals = new Map<string, number>();
          for (const entry of admitted.values()) totals.set(entry.scope, (totals.get(entry.scope) ?? 0) + entry.size);
          for (const [scope, total] of totals) {
            expect(usage.used(scope)).toBe(total);
            expect(total).toBeLessThanOrEqual(quotaOfScope(filter, scope));
          }
          expect(usage.entries()).toHaveLength(admitted.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('decides size limits and refusals the same way in any order; only quota outcomes depend on it', () => {
    fc.assert(
      fc.property(
        filterXml,
        fc
          .uniqueArray(request, { selector: (r) => blobKey(r), maxLength: 20 })
          .chain((files) => fc.tuple(fc.constant(files), fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }))),
        (xml, [files, shuffled]) => {
          const decider = createBlobDecider(parseBlobStoreFilter(xml));
          const outcomes = (order: readonly BlobRequest[]) => {
            const usage = new BlobQuotaUsage();
            return new Map(order.map((r) => [blobKey(r), decider.decide(r, usage)] as const));
          };
          const first = outcomes(files);
          const second = outcomes(shuffled);
          const orderFree = (d: BlobDecision) =>
            d.outcome === 'on-demand' && d.reason === 'over-quota' ? 'download' : d.outcome === 'download' ? 'download' : `${d.outcome}:${d.reason}`;
          for (const [key, decision] of first) expect(orderFree(second.get(key)!)).toBe(orderFree(decision));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('makes room again: once the admitted files are released, a file left over quota fits if it is within the quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 30 }), (quota, sizes) => {
        const decider = createBlobDecider(parseBlobStoreFilter(`<BlobStoreFilter><FilesFilter><Quota>${quota}</Quota></FilesFilter></BlobStoreFilter>`));
        const usage = new BlobQuotaUsage();
        const requests = sizes.map((size, index): BlobRequest => ({ kind: 'file', entity: 'account', id: String(index), fileName: 'f.pdf', size }));
        const waiting = requests.filter((r) => decider.decide(r, usage).outcome === 'on-demand');
        // Usage only grew, so nothing left waiting fits now either.
        for (const r of waiting) expect(usage.used('files') + r.size).toBeGreaterThan(quota);
        for (const r of waiting) {
          for (const entry of usage.entries()) usage.release(entry.key);
          expect(usage.used('files')).toBe(0);
          expect(decider.decide(r, usage).outcome).toBe(r.size <= quota ? 'download' : 'on-demand');
        }
      }),
      { numRuns: 300 },
    );
  });
});
