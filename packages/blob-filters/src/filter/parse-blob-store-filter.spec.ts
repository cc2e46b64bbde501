import { FieldsyncError, InvalidFilterError } from '@fieldsync/model';
import { InvalidBlobStoreFilterError } from '../errors/invalid-blob-store-filter-error';
import { SEED_ENTITY_FILTERS, SEED_FILES_FILTER, SEED_NOT_SYNCING, SEED_ONLY_SYNCING } from '../fixtures/seed-filters';
import { parseBlobStoreFilter } from './parse-blob-store-filter';

/** The error `parseBlobStoreFilter(text)` throws, as its JSON details plus message. */
function errorOf(text: string): { message: string; path: string; line: number; column: number; code: string } {
  try {
    parseBlobStoreFilter(text);
  } catch (error) {
    if (!(error instanceof InvalidBlobStoreFilterError)) throw error;
    return { message: error.message, path: error.path, line: error.line!, column: error.column!, code: error.code };
  }
  throw new Error('the filter parsed');
}

const wrap = (inner: string) => `<BlobStoreFilter>\n${inner}\n</BlobStoreFilter>`;

describe('parseBlobStoreFilter', () => {
  it("reads seed 003's FilesFilter: quota, size limit and per-suffix rules with 0 = blocked and *", () => {
    const filter = parseBlobStoreFilter(SEED_FILES_FILTER);
    expect(filter.files).toEqual({
      quota: 3_000_000_000,
      maxFileSize: 30_000_000,
      path: '/BlobStoreFilter/FilesFilter',
      fileTypes: [
        { suffix: 'jpg', maxFileSize: 1000, path: '/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[1]' },
        { suffix: 'doc', maxFileSize: 1_000_000, path: '/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[2]' },
        { suffix: 'rtf', maxFileSize: 'blocked', path: '/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[3]' },
        { suffix: '*', maxFileSize: 1000, path: '/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[4]' },
      ],
    });
    expect(filter.attachments).toEqual({ maxAttachmentSize: 'unlimited', attachedTo: { kind: 'all' }, entityRules: [], path: '/BlobStoreFilter' });
  });

  it('reads NotSyncingAttachmentsFor and OnlySyncingAttachmentsFor as entity scopes', () => {
    const except = parseBlobStoreFilter(SEED_NOT_SYNCING).attachments;
    expect(except.maxAttachmentSize).toBe(1_000_000);
    expect(except.attachedTo).toEqual({
      kind: 'except',
      entities: ['contact', 'campaign'],
      path: '/BlobStoreFilter/AttachmentsFilter/NotSyncingAttachmentsFor',
    });
    expect(parseBlobStoreFilter(SEED_ONLY_SYNCING).attachments.attachedTo).toMatchObject({ kind: 'only', entities: ['contact', 'campaign'] });
  });

  it('reads per-entity attachment rules with Name, AttachedTo, quota -1 = unlimited and MaxFileSize -1 = unlimited', () => {
    const rules = parseBlobStoreFilter(SEED_ENTITY_FILTERS).attachments.entityRules;
    expect(rules).toHaveLength(3);
    expect(rules[0]).toMatchObject({ name: 'annotation', attachedTo: 'account', quota: 1_000_000, maxFileSize: 100_001 });
    expect(rules[0].fileTypes.map((rule) => [rule.suffix, rule.maxFileSize])).toEqual([
      ['jpg', 5000],
      ['doc', 10_000],
    ]);
    expect(rules[1]).toEqual({
      name: 'annotation',
      quota: 'unlimited',
      maxFileSize: 12_345,
      fileTypes: [],
      path: '/BlobStoreFilter/AttachmentsFilter/EntityFilters/EntityAttachmentsFilter[2]',
    });
    expect(rules[2]).toMatchObject({ name: 'activitymimeattachment', quota: 'unlimited', maxFileSize: 'unlimited' });
  });

  it('returns a frozen value, all the way down', () => {
    const filter = parseBlobStoreFilter(SEED_ENTITY_FILTERS);
    expect(Object.isFrozen(filter)).toBe(true);
    expect(Object.isFrozen(filter.attachments.entityRules[0].fileTypes[0])).toBe(true);
  });

  it('accepts an empty filter, namespace declarations of .NET serialisation, comments, CDATA and a byte-order mark', () => {
    expect(parseBlobStoreFilter('<BlobStoreFilter/>').files.quota).toBe('unlimited');
    const dotNet =
      '\uFEFF<?xml version="1.0"?>\n<BlobStoreFilter xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
      '<!-- documents --><FilesFilter><Quota><![CDATA[ 500 ]]></Quota></FilesFilter></BlobStoreFilter>';
    expect(parseBlobStoreFilter(dotNet).files.quota).toBe(500);
  });

  it('matches suffixes and entity names case-insensitively by storing them in lower case', () => {
    const filter = parseBlobStoreFilter(
      wrap(
        '<FilesFilter><Filters><BlobStoreFileTypeFilter><FileSuffix>JPG</FileSuffix><MaxFileSize>1</MaxFileSize></BlobStoreFileTypeFilter></Filters></FilesFilter><AttachmentsFilter><OnlySyncingAttachmentsFor><string>Account</string></OnlySyncingAttachmentsFor></AttachmentsFilter>',
      ),
    );
    expect(filter.files.fileTypes[0].suffix).toBe('jpg');
    expect(filter.attachments.attachedTo).toMatchObject({ entities: ['account'] });
  });

  describe('refuses, with a typed error naming what and where', () => {
    it('text that is not XML at all', () => {
      const error = errorOf('this is not xml at all');
      expect(error).toMatchObject({ code: 'INVALID_BLOB_STORE_FILTER', line: 1 });
      expect(error.message).toMatch(/malformed XML/);
    });

    it('XML that is not well-formed, at the line of the fault', () => {
      expect(errorOf('<BlobStoreFilter>\n  <FilesFilter>\n    <Quota>1</Quot>\n')).toMatchObject({ line: 3 });
    });

    it('a DOCTYPE, as the FetchXML parser does', () => {
      const error = errorOf('<?xml version="1.0"?>\n<!DOCTYPE BlobStoreFilter [ <!ENTITY big "xxxxxxxx"> ]>\n<BlobStoreFilter/>');
      expect(error.message).toMatch(/a DOCTYPE is not allowed in a BlobStoreFilter/);
      expect(error.line).toBe(2);
    });

    it('a root other than BlobStoreFilter', () => {
      expect(errorOf('<fetch/>').message).toBe('/fetch: the root element must be <BlobStoreFilter>, got <fetch> at line 1, column 1');
    });

    it('an unknown element, at its line and column, listing the expected ones', () => {
      const error = errorOf(wrap('  <FilesFilter>\n    <quota>10</quota>\n  </FilesFilter>'));
      expect(error).toMatchObject({ path: '/BlobStoreFilter/FilesFilter/quota', line: 3, column: 5 });
      expect(error.message).toContain('unknown element <quota> inside <FilesFilter>; expected one of <Quota>, <MaxFileSize>, <Filters>');
    });

    it('an unknown attribute, at the attribute', () => {
      const error = errorOf(
        wrap('<AttachmentsFilter><EntityFilters>\n<EntityAttachmentsFilter Name="annotation"  Attachedto="account"/></EntityFilters></AttachmentsFilter>'),
      );
      expect(error).toMatchObject({ path: '/BlobStoreFilter/AttachmentsFilter/EntityFilters/EntityAttachmentsFilter[1]/@Attachedto', line: 3, column: 45 });
      expect(error.message).toContain("unknown attribute 'Attachedto' on <EntityAttachmentsFilter>; expected Name or AttachedTo");
      expect(errorOf('<BlobStoreFilter version="2"/>').path).toBe('/BlobStoreFilter/@version');
    });

    it.each([
      ['a word', '<Quota>lots</Quota>', "<Quota> must be a whole number of bytes, or -1 for no limit; got 'lots'"],
      ['a fraction', '<MaxFileSize>1.5</MaxFileSize>', "got '1.5'"],
      ['a negative other than -1', '<Quota>-2</Quota>', "got '-2'"],
      ['an empty value', '<Quota></Quota>', "got ''"],
      ['a number past 2^53', '<Quota>90071992547409930</Quota>', 'is too large'],
    ])('a bad number: %s', (_, element, message) => {
      const error = errorOf(wrap(`<FilesFilter>\n  ${element}\n</FilesFilter>`));
      expect(error.message).toContain(message);
      expect(error).toMatchObject({ line: 3, column: 3 });
    });

    it('a number element holding elements or attributes', () => {
      expect(errorOf(wrap('<FilesFilter><Quota unit="MB">1</Quota></FilesFilter>')).path).toBe('/BlobStoreFilter/FilesFilter/Quota/@unit');
      expect(errorOf(wrap('<FilesFilter><Quota><b>1</b></Quota></FilesFilter>')).message).toContain('it holds text only');
    });

    it('text where elements belong', () => {
      expect(errorOf(wrap('<FilesFilter>1000</FilesFilter>')).message).toContain('<FilesFilter> may not contain text');
    });

    it('both NotSyncingAttachmentsFor and OnlySyncingAttachmentsFor in one AttachmentsFilter, at the second', () => {
      const error = errorOf(
        wrap(
          '<AttachmentsFilter>\n<NotSyncingAttachmentsFor><string>contact</string></NotSyncingAttachmentsFor>\n<OnlySyncingAttachmentsFor><string>account</string></OnlySyncingAttachmentsFor>\n</AttachmentsFilter>',
        ),
      );
      expect(error).toMatchObject({ path: '/BlobStoreFilter/AttachmentsFilter/OnlySyncingAttachmentsFor', line: 4, column: 1 });
      expect(error.message).toContain('contradict each other');
    });

    it('an element given twice where one is allowed', () => {
      expect(errorOf(wrap('<FilesFilter><Quota>1</Quota>\n<Quota>2</Quota></FilesFilter>'))).toMatchObject({ line: 3, column: 1 });
      expect(errorOf(wrap('<FilesFilter/><FilesFilter/>')).message).toContain('<FilesFilter> is given twice inside <BlobStoreFilter>');
    });

    it('the same entity listed twice', () => {
      const error = errorOf(
        wrap('<AttachmentsFilter><NotSyncingAttachmentsFor><string>contact</string><string>Contact</string></NotSyncingAttachmentsFor></AttachmentsFilter>'),
      );
      expect(error.path).toBe('/BlobStoreFilter/AttachmentsFilter/NotSyncingAttachmentsFor/string[2]');
      expect(error.message).toContain("entity 'contact' is listed twice (also /BlobStoreFilter/AttachmentsFilter/NotSyncingAttachmentsFor/string[1])");
    });

    it('two rules for one suffix', () => {
      const rule = (suffix: string) => `<BlobStoreFileTypeFilter><FileSuffix>${suffix}</FileSuffix><MaxFileSize>1</MaxFileSize></BlobStoreFileTypeFilter>`;
      const error = errorOf(wrap(`<FilesFilter><Filters>${rule('pdf')}${rule('PDF')}</Filters></FilesFilter>`));
      expect(error.path).toBe('/BlobStoreFilter/FilesFilter/Filters/BlobStoreFileTypeFilter[2]/FileSuffix');
      expect(error.message).toContain("suffix 'PDF' has two rules");
    });

    it('a suffix written with its dot, or a suffix rule without its parts', () => {
      expect(
        errorOf(
          wrap(
            '<FilesFilter><Filters><BlobStoreFileTypeFilter><FileSuffix>.jpg</FileSuffix><MaxFileSize>1</MaxFileSize></BlobStoreFileTypeFilter></Filters></FilesFilter>',
          ),
        ).message,
      ).toContain("write 'jpg', without the dot");
      expect(
        errorOf(wrap('<FilesFilter><Filters><BlobStoreFileTypeFilter><FileSuffix>jpg</FileSuffix></BlobStoreFileTypeFilter></Filters></FilesFilter>')).message,
      ).toContain('needs a <MaxFileSize>');
      expect(
        errorOf(wrap('<FilesFilter><Filters><BlobStoreFileTypeFilter><MaxFileSize>1</MaxFileSize></BlobStoreFileTypeFilter></Filters></FilesFilter>')).message,
      ).toContain('needs a <FileSuffix>');
    });

    it('two rules for the same entity and parent', () => {
      const error = errorOf(
        wrap(
          '<AttachmentsFilter><EntityFilters><EntityAttachmentsFilter Name="annotation"/><EntityAttachmentsFilter Name="Annotation"/></EntityFilters></AttachmentsFilter>',
        ),
      );
      expect(error.path).toBe('/BlobStoreFilter/AttachmentsFilter/EntityFilters/EntityAttachmentsFilter[2]');
      expect(error.message).toContain("attachments of 'annotation' (attached to anything) have two rules");
    });

    it('an entity rule without Name, or with a name that is not an entity name', () => {
      expect(errorOf(wrap('<AttachmentsFilter><EntityFilters><EntityAttachmentsFilter/></EntityFilters></AttachmentsFilter>')).message).toContain(
        "missing attribute 'Name'",
      );
      expect(errorOf(wrap('<AttachmentsFilter><EntityFilters><EntityAttachmentsFilter Name="a b"/></EntityFilters></AttachmentsFilter>')).path).toMatch(
        /@Name$/,
      );
    });

    it('an entity rule for a parent whose attachments are never synchronised', () => {
      const excluded = errorOf(
        wrap(
          '<AttachmentsFilter><NotSyncingAttachmentsFor><string>contact</string></NotSyncingAttachmentsFor><EntityFilters><EntityAttachmentsFilter Name="annotation" AttachedTo="contact"/></EntityFilters></AttachmentsFilter>',
        ),
      );
      expect(excluded.message).toContain("attachments of 'contact' are never synchronised");
      expect(excluded.path).toMatch(/@AttachedTo$/);
      const notListed = errorOf(
        wrap(
          '<AttachmentsFilter><OnlySyncingAttachmentsFor><string>account</string></OnlySyncingAttachmentsFor><EntityFilters><EntityAttachmentsFilter Name="annotation" AttachedTo="contact"/></EntityFilters></AttachmentsFilter>',
        ),
      );
      expect(notListed.message).toContain('does not list it');
    });

    it('a document nested past the limit, while reading', () => {
      expect(errorOf(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`).message).toContain('nest deeper than 16 levels');
    });
  });

  it('throws an error that code handling filters already handles, and that survives serialisation', () => {
    let caught: unknown;
    try {
      parseBlobStoreFilter('<BlobStoreFilter><Files/></BlobStoreFilter>');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidFilterError);
    expect(FieldsyncError.is(JSON.parse(JSON.stringify(caught)), 'INVALID_BLOB_STORE_FILTER')).toBe(true);
  });
});
