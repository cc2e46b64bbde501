import { randomUUID } from 'node:crypto';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const PUBLISH = `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field code message } } }`;

const FILTER = `<?xml version="1.0" encoding="utf-8"?>
<BlobStoreFilter>
  <AttachmentsFilter>
    <MaxAttachmentSize>1000</MaxAttachmentSize>
  </AttachmentsFilter>
</BlobStoreFilter>`;

interface ErrorAnswer {
  readonly errors: readonly { readonly message: string; readonly extensions: { readonly code: string; readonly details: Record<string, unknown> } }[];
}

describe('bridge attachment routes: limits and refusals (SQLite state, demo CRM)', () => {
  let bed: BridgeTestBed;

  beforeEach(async () => {
    bed = await createBridgeTestBed(':memory:', { records: 50, attachments: { maxBytes: 10_000 } });
  });
  afterEach(() => bed.close());

  const createUpload = (token: string, size: number) =>
    fetch(`${bed.bridge.url}/attachments/annotation/${randomUUID()}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'a.jpg', mimeType: 'image/jpeg', size, idempotencyKey: randomUUID() }),
    });

  it("holds uploads to the bridge's maximum, and to the MaxAttachmentSize of the user's BlobStoreFilter when it is lower", async () => {
    const phone = await bed.device('alice', 'alice-phone');
    expect((await createUpload(phone, 5_000)).status).toBe(201);
    const overBridge = await createUpload(phone, 10_001);
    expect(overBridge.status).toBe(413);
    expect(((await overBridge.json()) as ErrorAnswer).errors[0].extensions).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', details: { limit: 10_000 } });

    const admin = await bed.admin();
    const published = await bed.gql(
      PUBLISH,
      {
        input: {
          content: { entities: [{ entity: 'account' }, { entity: 'annotation', attachments: true }], blobStoreFilter: FILTER },
          roles: [{ role: 'Salesperson', priority: 50 }],
        },
      },
      admin,
    );
    expect(published.data.publishCustomization.userErrors).toEqual([]);
    const overFilter = await createUpload(phone, 5_000);
    expect(overFilter.status).toBe(413);
    const refused = ((await overFilter.json()) as ErrorAnswer).errors[0];
    expect(refused.extensions).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', details: { size: 5_000, limit: 1_000 } });
    expect(refused.message).toContain('/BlobStoreFilter/AttachmentsFilter/MaxAttachmentSize');
    expect((await createUpload(phone, 1_000)).status).toBe(201);
  });

  it('refuses a wiped device as GraphQL does, and a request to a route that does not exist with 404', async () => {
    const phone = await bed.device('alice', 'alice-phone');
    const admin = await bed.admin();
    expect((await bed.gql(`mutation { wipeDevice(deviceId: "alice-phone") { userErrors { code } } }`, {}, admin)).data.wipeDevice.userErrors).toEqual([]);
    const wiped = await createUpload(phone, 10);
    expect(wiped.status).toBe(401);
    expect(((await wiped.json()) as ErrorAnswer).errors[0].extensions.code).toBe('DEVICE_REVOKED');
    const read = await fetch(`${bed.bridge.url}/attachments/annotation/${randomUUID()}`, { headers: { authorization: `Bearer ${phone}` } });
    expect(read.status).toBe(401);
    expect((await fetch(`${bed.bridge.url}/attachments/annotation`)).status).toBe(404);
  });
});
