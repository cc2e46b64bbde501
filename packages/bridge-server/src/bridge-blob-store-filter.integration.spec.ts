import { describeEachBridgeStore } from '@fieldsync/bridge-store/testing';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const PUBLISH = `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision warnings { field code message } } userErrors { field code message line column } } }`;
const OFFER = `query { customization { revision parts { blobStoreFilter } } }`;
const REVISIONS = `{ customizations { revision } }`;

const GOOD_FILTER = `<?xml version="1.0" encoding="utf-8"?>
<BlobStoreFilter>
  <AttachmentsFilter>
    <MaxAttachmentSize>1000000</MaxAttachmentSize>
    <NotSyncingAttachmentsFor><string>contact</string></NotSyncingAttachmentsFor>
  </AttachmentsFilter>
</BlobStoreFilter>`;

describeEachBridgeStore('BlobStoreFilter publication on $name', (backend) => {
  let bed: BridgeTestBed;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    bed = await createBridgeTestBed(await backend.freshUrl(), { records: 50 });
  });
  afterEach(() => bed.close());

  const content = (blobStoreFilter?: string) => ({
    entities: [{ entity: 'account' }, { entity: 'annotation', attachments: true }],
    ...(blobStoreFilter !== undefined ? { blobStoreFilter } : {}),
  });
  const publish = (admin: string, blobStoreFilter?: string) =>
    bed.gql(PUBLISH, { input: { content: content(blobStoreFilter), roles: [{ role: 'Salesperson', priority: 50 }] } }, admin);

  it('refuses a filter that does not parse, with its line and column, and stores nothing', async () => {
    const admin = await bed.admin();
    const before = (await bed.gql(REVISIONS, {}, admin)).data.customizations;

    const notXml = (await publish(admin, 'this is not xml at all')).data.publishCustomization;
    expect(notXml.customization).toBeNull();
    expect(notXml.userErrors).toEqual([
      {
        field: 'input.content.blobStoreFilter',
        code: 'INVALID_CUSTOMIZATION',
        message: expect.stringMatching(/^malformed XML/),
        line: 1,
        column: expect.any(Number),
      },
    ]);

    const unknown = (await publish(admin, '<BlobStoreFilter>\n  <FilesFilter>\n    <MaxSize>10</MaxSize>\n  </FilesFilter>\n</BlobStoreFilter>')).data
      .publishCustomization;
    expect(unknown.userErrors).toEqual([
      {
        field: 'input.content.blobStoreFilter',
        code: 'INVALID_CUSTOMIZATION',
        message: 'unknown element <MaxSize> inside <FilesFilter>; expected one of <Quota>, <MaxFileSize>, <Filters> at /BlobStoreFilter/FilesFilter/MaxSize',
        line: 3,
        column: 5,
      },
    ]);

    const doctype = (await publish(admin, '<!DOCTYPE BlobStoreFilter [<!ENTITY x "y">]>\n<BlobStoreFilter/>')).data.publishCustomization;
    expect(doctype.userErrors[0].message).toContain('a DOCTYPE is not allowed');

    expect((await bed.gql(REVISIONS, {}, admin)).data.customizations).toEqual(before);
  });

  it('accepts a good filter and hands its text to the devices', async () => {
    const admin = await bed.admin();
    const published = (await publish(admin, GOOD_FILTER)).data.publishCustomization;
    expect(published.userErrors).toEqual([]);
    expect(published.customization.warnings.filter((warning: { field: string }) => warning.field.endsWith('.attachments'))).toEqual([]);
    const phone = await bed.device('alice', 'alice-phone');
    const offer = (await bed.gql(OFFER, {}, phone)).data.customization;
    expect(offer).toEqual({ revision: published.customization.revision, parts: { blobStoreFilter: GOOD_FILTER } });
  });

  it('publishes attachments without a filter with a warning that says what the default does', async () => {
    const admin = await bed.admin();
    const published = (await publish(admin)).data.publishCustomization;
    expect(published.userErrors).toEqual([]);
    expect(published.customization.warnings).toContainEqual({
      field: 'input.content.entities[1].attachments',
      code: 'WARNING',
      message: expect.stringContaining("there is no blobStoreFilter, so every attachment of 'annotation' is downloaded during sync"),
    });
  });
});
