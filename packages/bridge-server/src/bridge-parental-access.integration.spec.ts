import { randomUUID } from 'node:crypto';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const READ_LINES = `query { readPage(entity: "quotedetail", pageSize: 5000) { records done } }`;
const COUNT_LINES = `query { count(entity: "quotedetail") { matching } }`;
const WRITE = `mutation($ops: JSON!) { writeBatch(operations: $ops) }`;

type Line = { id: string; fields: { quoteid: { id: string } } };

/** Issue 10, item 4: quote details have no owner, so their access is their quote's. */
describe('bridge: quote details are read and written only through their quote', () => {
  let bed: BridgeTestBed;
  const principal = async (userName: string) => bed.crm.principalOf((await bed.crm.findUserByName(userName))!.id);
  /** Quote id -> owner id, as the system sees them. */
  const quoteOwners = async () =>
    new Map(
      (await bed.crm.readFull(await principal('admin'), { entity: 'quote', limit: 5000 })).records.map((q) => [
        q.id,
        (q.fields['ownerid'] as { id: string }).id,
      ]),
    );

  // 2,000 demo records give 240 quote details, 95 of them on bob's quotes (the figures of the issue).
  beforeAll(async () => {
    bed = await createBridgeTestBed(':memory:', { records: 2000 });
  });
  afterAll(() => bed.close());

  it("gives bob the 95 lines of his own quotes, not the 240 of everyone's, and counts the same", async () => {
    const bob = await bed.device('bob', 'bob-phone');
    const answer = await bed.gql(READ_LINES, {}, bob);
    const lines = answer.data.readPage.records as Line[];
    const owners = await quoteOwners();
    const bobId = (await bed.crm.findUserByName('bob'))!.id;
    const all = (await bed.crm.readFull(await principal('admin'), { entity: 'quotedetail', limit: 5000 })).records;
    expect(all).toHaveLength(240);
    expect(lines).toHaveLength(95);
    expect(lines.every((line) => owners.get(line.fields.quoteid.id) === bobId)).toBe(true);
    expect(lines.map((line) => line.id).sort()).toEqual(
      all
        .filter((line) => owners.get((line.fields['quoteid'] as { id: string }).id) === bobId)
        .map((line) => line.id)
        .sort(),
    );
    expect((await bed.gql(COUNT_LINES, {}, bob)).data.count.matching).toBe(95);
  });

  it("refuses bob's update and delete of alice's quote lines, and her quote's total stays", async () => {
    const bob = await bed.device('bob', 'bob-phone-2');
    const aliceId = (await bed.crm.findUserByName('alice'))!.id;
    const owners = await quoteOwners();
    const all = (await bed.crm.readFull(await principal('admin'), { entity: 'quotedetail', limit: 5000 })).records;
    const line = all.find((candidate) => owners.get((candidate.fields['quoteid'] as { id: string }).id) === aliceId)!;
    const quoteId = (line.fields['quoteid'] as { id: string }).id;
    const before = await bed.crm.getAsSystem('quote', quoteId);
    const results = (
      await bed.gql(
        WRITE,
        {
          ops: [
            { kind: 'update', entity: 'quotedetail', id: line.id, idempotencyKey: randomUUID(), fields: { quantity: 1000, priceperunit: 1000 } },
            { kind: 'delete', entity: 'quotedetail', id: line.id, idempotencyKey: randomUUID() },
          ],
        },
        bob,
      )
    ).data.writeBatch as { status: string; error?: { code: string } }[];
    expect(results.map((result) => [result.status, result.error?.code])).toEqual([
      ['failed', 'PERMISSION_DENIED'],
      ['failed', 'PERMISSION_DENIED'],
    ]);
    const after = await bed.crm.getAsSystem('quote', quoteId);
    expect(after?.fields['totalamount']).toBe(before?.fields['totalamount']);
    expect(after?.version).toBe(before?.version);
    expect(await bed.crm.getAsSystem('quotedetail', line.id)).toMatchObject({ version: line.version });
  });
});
