import type { SyncPoint } from '@fieldsync/sync-core';
import { createDeviceTestBed, demoCustomization, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/** A kill at a sync point, simulated by the hook throwing there: the engine stops where a killed process would. */
class SimulatedKill extends Error {}

/** The change log's rows: record id and whether the change is marked as sent. */
async function changeLog(device: TestDevice): Promise<Array<{ recordId: string; marked: boolean }>> {
  const rows = await device.db.selectFrom('fs_change').select(['record_id', 'sent_key']).orderBy('seq').execute();
  return rows.map((row) => ({ recordId: row.record_id as string, marked: row.sent_key !== null }));
}

describe("upload marking: each batch's answer transaction marks the next batch as sent", () => {
  let bed: DeviceTestBed;
  let killAt: { name: SyncPoint['name']; count: number } | undefined;
  let device: TestDevice;
  let tasks: string[];

  beforeEach(async () => {
    bed = await createDeviceTestBed(50);
    killAt = undefined;
    const seen = new Map<string, number>();
    device = await bed.device('alice', {
      customization: demoCustomization(bed, {}, { MaxExecuteMultiple: 2 }),
      testHooks: {
        onSyncPoint: (point) => {
          const count = (seen.get(point.name) ?? 0) + 1;
          seen.set(point.name, count);
          if (killAt && killAt.name === point.name && killAt.count === count) throw new SimulatedKill(`killed at ${point.name} #${count}`);
        },
      },
    });
    expect((await device.engine.sync()).error).toBeUndefined();
    seen.clear();
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

  it("loses the next batch's marks with the answers when killed before the commit, and sends everything once afterwards", async () => {
    killAt = { name: 'upload-applying', count: 1 };
    const killed = await device.engine.sync().catch((error: unknown) => error);
    expect(killed instanceof SimulatedKill || (killed as { result?: string }).result === 'failed').toBe(true);
    // The first batch reached the server but its answer was not taken in; the second was neither marked nor sent.
    expect(await onServer()).toEqual(tasks.slice(0, 2));
    expect(await changeLog(device)).toEqual([
      { recordId: tasks[0], marked: true },
      { recordId: tasks[1], marked: true },
      { recordId: tasks[2], marked: false },
      { recordId: tasks[3], marked: false },
    ]);

    killAt = undefined;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.retries).toBe(2);
    expect(result.errors).toBe(0);
    expect(await onServer()).toEqual(tasks);
    expect(await changeLog(device)).toEqual([]);
  });

  it('keeps the next batch marked when killed after the commit, and sends it again unchanged as an unanswered batch', async () => {
    killAt = { name: 'upload-marked', count: 2 };
    const killed = await device.engine.sync().catch((error: unknown) => error);
    expect(killed instanceof SimulatedKill || (killed as { result?: string }).result === 'failed').toBe(true);
    // The first batch is answered and gone from the log; the second was marked with those answers, never sent.
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
});
