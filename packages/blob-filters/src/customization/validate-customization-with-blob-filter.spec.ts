import { formatIssue, type Schema } from '@fieldsync/model';
import { SEED_ENTITY_FILTERS } from '../fixtures/seed-filters';
import { validateCustomizationWithBlobFilter } from './validate-customization-with-blob-filter';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
      ],
    },
    {
      name: 'annotation',
      primaryKey: 'annotationid',
      fields: [
        { name: 'annotationid', type: 'string' },
        { name: 'objectid', type: 'lookup', targets: ['account'] },
      ],
    },
  ],
};

describe('validateCustomizationWithBlobFilter', () => {
  it('refuses a customization whose filter is not XML at all, at line and column, with no customization', () => {
    const result = validateCustomizationWithBlobFilter({ entities: [{ entity: 'account' }], blobStoreFilter: 'this is not xml at all' }, schema);
    expect(result.customization).toBeUndefined();
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ path: 'blobStoreFilter', line: 1 });
    expect(result.issues[0].message).toMatch(/^malformed XML: .* at \/$/);
  });

  it('reports the filter problem together with the other issues of the document, from JSON text too', () => {
    const text = JSON.stringify({
      entities: [{ entity: 'spaceship' }],
      blobStoreFilter: '<BlobStoreFilter>\n  <FilesFilter><Quota>many</Quota></FilesFilter>\n</BlobStoreFilter>',
    });
    expect(validateCustomizationWithBlobFilter(text, schema).issues.map(formatIssue)).toEqual([
      "entities[0].entity: unknown entity 'spaceship'",
      "blobStoreFilter: <Quota> must be a whole number of bytes, or -1 for no limit; got 'many' at /BlobStoreFilter/FilesFilter/Quota (line 2, column 16)",
    ]);
  });

  it('accepts a good filter and keeps its text in the customization', () => {
    const result = validateCustomizationWithBlobFilter(
      { entities: [{ entity: 'annotation', attachments: true }, { entity: 'account' }], blobStoreFilter: SEED_ENTITY_FILTERS },
      schema,
    );
    expect(result.issues).toEqual([]);
    expect(result.customization?.blobStoreFilter).toBe(SEED_ENTITY_FILTERS);
    expect(result.warnings).toEqual([]);
  });

  it('warns, naming the default, when an entity syncs attachments and there is no filter', () => {
    const result = validateCustomizationWithBlobFilter(
      { entities: [{ entity: 'annotation', attachments: true }, { entity: 'account' }], settings: { MaxAttachmentSize: 5_000_000 } },
      schema,
    );
    expect(result.customization).toBeDefined();
    // (The settings validator adds its own warning while MaxAttachmentSize is not supported yet.)
    expect(result.warnings.filter((warning) => warning.path.startsWith('entities')).map(formatIssue)).toEqual([
      "entities[0].attachments: there is no blobStoreFilter, so every attachment of 'annotation' is downloaded during sync, up to MaxAttachmentSize (5,000,000 bytes), with no quota; add a blobStoreFilter to bound what reaches the devices",
    ]);
    const unlimited = validateCustomizationWithBlobFilter({ entities: [{ entity: 'annotation', attachments: true }] }, schema);
    expect(unlimited.warnings.find((warning) => warning.path === 'entities[0].attachments')?.message).toContain(
      'of any size (MaxAttachmentSize is 0, no limit)',
    );
  });

  it('leaves the checks of the model untouched: a filter that is not text is its issue, not a parse error', () => {
    expect(validateCustomizationWithBlobFilter({ entities: [], blobStoreFilter: 42 }, schema).issues.map((issue) => issue.path)).toEqual(['blobStoreFilter']);
  });
});
