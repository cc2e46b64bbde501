import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import type { EntityReference } from '@fieldsync/model';
import { generateDemoOrg } from '../generate/generate-demo-org';
import { DEMO_PASSWORD } from '../org/demo-password';
import { seedDemoOrg } from './seed-demo-org';

describe('seedDemoOrg', () => {
  let dir: string;
  let store: CrmStore;
  const org = generateDemoOrg({ records: 1200, seed: 21 });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-demo-org-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db') });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every generated record, reports the counts and progress up to the total', async () => {
    const progress: [number, number, string][] = [];
    const summary = await seedDemoOrg(store, org, (done, total, entity) => progress.push([done, total, entity]));

    const expected = Object.fromEntries(Object.entries(org.records).map(([entity, records]) => [entity, records.length]));
    expect(summary.counts).toEqual(expected);
    expect(summary.records).toBe(1200);
    expect(summary.attachments).toBe(org.attachments.length);
    expect(summary.users).toBe(4);
    const last = progress[progress.length - 1];
    expect(last[0]).toBe(last[1]);
    expect(last[1]).toBe(1200 + org.attachments.length);

    const admin = await store.principalOf(org.users.find((u) => u.userName === 'admin')!.id);
    for (const [entity, count] of Object.entries(expected)) {
      expect({ entity, matching: (await store.count(admin, { entity })).matching }).toEqual({ entity, matching: count });
    }
  });

  it('keeps generated ids and owners, and a quote total equals the sum of its details', async () => {
    const quote = org.records.quote[0];
    const stored = await store.getAsSystem('quote', quote.id);
    expect(stored?.fields.name).toBe(quote.fields.name);
    expect((stored?.fields.ownerid as EntityReference).id).toBe((quote.fields.ownerid as EntityReference).id);
    const details = org.records.quotedetail.filter((d) => (d.fields.quoteid as EntityReference).id === quote.id);
    expect(details.length).toBeGreaterThan(0);
    let sum = 0;
    for (const detail of details) {
      const storedDetail = await store.getAsSystem('quotedetail', detail.id);
      sum += storedDetail?.fields.extendedamount as number;
    }
    expect(stored?.fields.totalamount).toBeCloseTo(sum, 2);
    expect(sum).toBeGreaterThan(0);
  });

  it('lets a sales rep sign in with the demo password and read only the contacts they own', async () => {
    const tokens = await store.signIn('carol', DEMO_PASSWORD);
    const carol = await store.authenticate(tokens.accessToken);
    const carolId = org.users.find((u) => u.userName === 'carol')!.id;
    const page = await store.readFull(carol, { entity: 'contact', limit: 5000 });
    expect(page.records.length).toBeGreaterThan(0);
    for (const record of page.records) expect((record.fields.ownerid as EntityReference).id).toBe(carolId);
    await expect(store.signIn('alice', 'wrong')).rejects.toMatchObject({ code: 'STORE_AUTH_INVALID' });
  });

  it('stores the note attachments with their bytes', async () => {
    const attachment = org.attachments[0];
    const admin = await store.principalOf(org.users.find((u) => u.userName === 'admin')!.id);
    const stored = await store.readAttachment(admin, { entity: 'annotation', id: attachment.recordId });
    const chunks: Uint8Array[] = [];
    for await (const chunk of stored.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(attachment.body))).toBe(true);
    expect(stored.mimeType).toBe(attachment.mimeType);
  });
});
