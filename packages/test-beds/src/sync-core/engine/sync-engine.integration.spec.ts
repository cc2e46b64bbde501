import { createDeviceTestBed, type DeviceTestBed } from '../device-test-bed';

describe('SyncEngine against the embedded reference CRM', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(300);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function serverCount(user: string, entity: string): Promise<number> {
    return (await bed.store.count(await bed.store.principalOf(bed.userId(user)), { entity })).matching;
  }

  it('downloads every record the user may read on the first sync and skips unchanged entities on the next', async () => {
    const steps: string[] = [];
    const device = await bed.device('alice', { onProgress: (progress) => steps.push(progress.step) });
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    expect([...new Set(steps)]).toEqual(['prepare', 'upload', 'analyze', 'download', 'cleanup', 'finish']);
    expect(first.steps.map((step) => step.step)).toEqual(['prepare', 'upload', 'analyze', 'download', 'cleanup']);
    expect(first.steps.find((step) => step.step === 'download')?.records).toBe(first.downloaded);
    expect(first.result).not.toBe('failed');
    expect(first.decisions.every((decision) => decision.mode === 'full' && decision.reason === 'first-sync')).toBe(true);
    for (const entity of ['account', 'contact', 'opportunity', 'quote', 'task']) {
      const local = (await device.engine.records.list(entity, { limit: 100_000 })).length;
      expect(local).toBe(await serverCount('alice', entity));
    }
    // Quote details only exist under their quote: those whose quote the user cannot see stay away.
    const quotes = new Set((await device.engine.records.list('quote', { limit: 100_000 })).map((quote) => quote.id));
    const details = await device.engine.records.list('quotedetail', { limit: 100_000 });
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((detail) => quotes.has((detail.fields.quoteid as { id: string }).id))).toBe(true);
    bed.clock.advance(60_000);
    const second = await device.engine.sync();
    expect(second.result).toBe('ok');
    expect(second.downloaded).toBe(0);
    expect(second.decisions.every((decision) => decision.mode === 'skip' && decision.reason === 'no-changes')).toBe(true);
    expect(second.log.some((line) => /^account Inc:0 Full:\d+ -> Skip/.test(line))).toBe(true);
  });

  it('uploads a quote with its details created offline, parents first, and brings back the total the server computed', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [account] = await device.engine.records.list('account', { limit: 1 });
    const quoteId = await device.engine.records.create('quote', { name: 'Offline quote', customerid: { entity: 'account', id: account.id } });
    // Details are created first in time: the upload must still send the quote before them.
    await device.engine.records.create('quotedetail', {
      quoteid: { entity: 'quote', id: quoteId },
      productdescription: 'Bolts',
      quantity: 2,
      priceperunit: 10,
    });
    await device.engine.records.create('quotedetail', { quoteid: { entity: 'quote', id: quoteId }, productdescription: 'Nuts', quantity: 3, priceperunit: 5 });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(3);
    const server = await bed.store.getAsSystem('quote', quoteId);
    expect(server?.fields.totalamount).toBe(35);
    const local = await device.engine.records.get('quote', quoteId);
    expect(local?.fields.totalamount).toBe(35);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    // The download after the upload reads the device's own uploads back: only the quote, whose total the
    // server changed after its create, is written again; the details are already there at that version.
    expect(result.entities.find((entity) => entity.entity === 'quotedetail')).toMatchObject({ mode: 'incremental', downloaded: 0 });
    expect(result.entities.find((entity) => entity.entity === 'quote')).toMatchObject({ mode: 'incremental', downloaded: 1 });
  });

  it('makes no duplicate when the answer to a create is lost', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const before = await serverCount('alice', 'account');
    const id = await device.engine.records.create('account', { name: 'Lost answer Ltd' });
    bed.transport.loseNextWriteResponse();
    const interrupted = await device.engine.sync();
    expect(interrupted.result).toBe('failed');
    expect(await serverCount('alice', 'account')).toBe(before + 1);
    const retried = await device.engine.sync();
    expect(retried.error).toBeUndefined();
    expect(retried.retries).toBeGreaterThanOrEqual(1);
    expect(await serverCount('alice', 'account')).toBe(before + 1);
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Lost answer Ltd');
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });

  it('removes a record the server deleted', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.deleteAsSystem('contact', contact.id);
    bed.clock.advance(1000);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(await device.engine.records.get('contact', contact.id)).toBeUndefined();
    expect(result.decisions.find((decision) => decision.entity === 'contact')?.mode).toBe('incremental');
  });
});
