import type { SyncPoint } from '@fieldsync/sync-core';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/** A kill at a sync point, simulated by the hook throwing there: the engine stops where a killed process would. */
class SimulatedKill extends Error {}

/** The change log's rows: record id and whether the change is marked as sent. */
async function changeLog(device: TestDevice): Promise<Array<{ recordId: string; marked: boolean }>> {
  const rows = await device.db.selectFrom('fs_change').select(['record_id', 'sent_key']).orderBy('seq').execute();
  return rows.map((row) => ({ recordId: row.record_id as string, marked: row.sent_key !== null }));
}

describe('upload marking: the next batch is marked as sent while the server writes the one before it', () => {
  let bed: DeviceTestBed;
  let killAt: { name: SyncPoint['name']; count: number } | undefined;
  /** Runs at a sync point instead of a kill (an edit made on the device at that moment). */
  let onPoint: ((point: SyncPoint, count: number) => Promise<void>) | undefined;
  let points: string[];
  let device: TestDevice;
  let tasks: string[];

  /** Runs a sync that the kill point set in `killAt` must stop (a simulated kill, or a failed result). */
  const expectSyncKilled = async (): Promise<void> => {
    const killed = await device.engine.sync().catch((error: unknown) => error);
    expect(killed instanceof SimulatedKill || (killed as { result?: string }).result === 'failed').toBe(true);
  };

  beforeEach(async () => {
    bed = await createDeviceTestBed(50);
    killAt = undefined;
    onPoint = undefined;
    points = [];
    const seen = new Map<string, number>();
    device = await bed.device('alice', {
      customization: demoCustomization(bed, {}, { MaxExecuteMultiple: 2 }),
      testHooks: {
        onSyncPoint: async (point) => {
          const count = (seen.get(point.name) ?? 0) + 1;
          seen.set(point.name, count);
          if (point.name.startsWith('upload-')) points.push(point.name);
          if (killAt && killAt.name === point.name && killAt.count === count) throw new SimulatedKill(`killed at ${point.name} #${count}`);
          await onPoint?.(point, count);
        },
      },
    });
    expect((await device.engine.sync()).error).toBeUndefined();
    seen.clear();
    points.length = 0;
    // Four creates in batches of two: two batches.
    tasks = [];
    for (let index = 0; index < 4; index += 1) tasks.push(await device.engine.records.create('task', { subject: `Marked ${index}` }));
  });

  afterEach(async () => {
    await bed.close();
  });

  async function onServer(): Promise<string[]> {
    const found: string[] = [];
    for (const id of tasks) if (await bed.store.getAsSystem('task', id)) found.push(id);
    return found;
  }

  it('sends the next batch while the answers of the one before are written, and sends both again once when killed in that transaction', async () => {
    killAt = { name: 'upload-applying', count: 1 };
    await expectSyncKilled();
    // The second batch was marked while the server wrote the first, and sent as soon as the first was answered.
    expect(points).toEqual(['upload-marked', 'upload-marked-ahead', 'upload-answered', 'upload-marked', 'upload-applying', 'upload-answered']);
    expect(await onServer()).toEqual(tasks);
    // The first batch's answers were not taken in, nor the second's: all four stay marked with their keys.
    expect(await changeLog(device)).toEqual(tasks.map((recordId) => ({ recordId, marked: true })));

    killAt = undefined;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.retries).toBe(4);
    expect(result.errors).toBe(0);
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([]);
  });

  it('keeps the next batch marked when killed right after marking it ahead, and sends both batches once afterwards', async () => {
    killAt = { name: 'upload-marked-ahead', count: 1 };
    await expectSyncKilled();
    // The first batch reached the server (its answer is lost); the second is marked and was never sent.
    expect(await onServer()).toEqual(tasks.slice(0, 2));
    expect(await changeLog(device)).toEqual(tasks.map((recordId) => ({ recordId, marked: true })));

    killAt = undefined;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.retries).toBe(4);
    expect(result.errors).toBe(0);
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([]);
  });

  it("takes in the first batch's answers when the second batch's answer is lost, and sends only the second again", async () => {
    killAt = { name: 'upload-answered', count: 2 };
    await expectSyncKilled();
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([
      { recordId: tasks[2], marked: true },
      { recordId: tasks[3], marked: true },
    ]);

    killAt = undefined;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.retries).toBe(2);
    expect(result.errors).toBe(0);
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([]);
  });

  it('keeps an edit made while its record is marked ahead, and sends it in the next sync', async () => {
    onPoint = async (point, count) => {
      if (point.name === 'upload-marked-ahead' && count === 1) await device.engine.records.update('task', tasks[2], { subject: 'Edited in flight' });
    };
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    expect(first.uploaded).toBe(4);
    // The server has the value that was sent; the device keeps its edit, still queued.
    expect((await bed.store.getAsSystem('task', tasks[2]))?.fields.subject).toBe('Marked 2');
    expect((await device.engine.records.get('task', tasks[2]))?.fields.subject).toBe('Edited in flight');
    expect(await changeLog(device)).toEqual([{ recordId: tasks[2], marked: false }]);

    onPoint = undefined;
    bed.clock.advance(1000);
    expect((await device.engine.sync()).error).toBeUndefined();
    expect((await bed.store.getAsSystem('task', tasks[2]))?.fields.subject).toBe('Edited in flight');
    expect(await changeLog(device)).toEqual([]);
  });

  it('keeps the next batch marked when killed before sending it, and sends it again unchanged as an unanswered batch', async () => {
    killAt = { name: 'upload-marked', count: 2 };
    await expectSyncKilled();
    // The first batch is answered and gone from the log; the second was marked ahead, never sent.
    expect(await onServer()).toEqual(tasks.slice(0, 2));
    expect(await changeLog(device)).toEqual([
      { recordId: tasks[2], marked: true },
      { recordId: tasks[3], marked: true },
    ]);

    killAt = undefined;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.retries).toBe(2);
    expect(result.errors).toBe(0);
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([]);
  });
  it('does not mark ahead a batch pointing at records of the batch on the server: it waits for their answers', async () => {
    const [account] = await ownedRecords(device, 'account');
    // Batches of two: the two quotes, then their details (which point at them), then the tasks of beforeEach.
    const quotes = [
      await device.engine.records.create('quote', { name: 'Doomed quote', customerid: { entity: 'account', id: account.id } }),
      await device.engine.records.create('quote', { name: 'Doomed too', customerid: { entity: 'account', id: account.id } }),
    ];
    const details: string[] = [];
    for (const quote of quotes)
      details.push(
        await device.engine.records.create('quotedetail', {
          quoteid: { entity: 'quote', id: quote },
          productdescription: 'Waits',
          quantity: 1,
          priceperunit: 1,
        }),
      );
    // The server refuses both quotes: the account they point at is deleted meanwhile.
    await bed.store.deleteAsSystem('account', account.id);
    const result = await device.engine.sync();
    expect(result.errors).toBe(2);
    expect((await device.engine.errors()).map((error) => error.recordId).sort()).toEqual([...quotes].sort());
    for (const detail of details) expect(await bed.store.getAsSystem('quotedetail', detail)).toBeUndefined();
    expect(await onServer()).toEqual(tasks);
    // The quotes and their details stay queued; the details were never marked.
    expect((await changeLog(device)).filter((row) => details.includes(row.recordId))).toEqual(details.map((recordId) => ({ recordId, marked: false })));
    expect((await device.engine.status()).pendingChanges).toBe(4);
  });
});
