import {
  SelectAllNode,
  SelectQueryNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { SYSTEM_TABLES } from '@fieldsync/sync-core';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed } from '../device-test-bed';

/** Watches the device database for reads of whole change-log rows (with their fields) and keeps the largest. */
class ChangeRowReads implements KyselyPlugin {
  largest = 0;
  reads = 0;
  readonly #watched = new WeakSet<object>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node } = args;
    if (SelectQueryNode.is(node)) {
      const fromChangeLog = (node.from?.froms ?? []).some((from) => TableNode.is(from) && from.table.identifier.name === SYSTEM_TABLES.change);
      const wholeRows = (node.selections ?? []).some(
        (selection) => SelectAllNode.is(selection.selection) || JSON.stringify(selection.selection).includes('"fields"'),
      );
      if (fromChangeLog && wholeRows) this.#watched.add(args.queryId);
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#watched.has(args.queryId)) {
      this.reads += 1;
      this.largest = Math.max(this.largest, args.result.rows.length);
    }
    return args.result;
  }
}

describe('upload reads the change log in pages', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('uploads a change log many times the page size completely, never reading more than a page of changes at once', async () => {
    const reads = new ChangeRowReads();
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { MaxExecuteMultiple: 7 }), changeLogPageSize: 10, plugins: [reads] });
    expect((await device.engine.sync()).error).toBeUndefined();
    const [existing] = await ownedRecords(device, 'account');
    const tasks: string[] = [];
    for (let index = 0; index < 40; index += 1) tasks.push(await device.engine.records.create('task', { subject: `Task ${index}` }));
    // Changes of one record in different pages: the later one must win on the server.
    for (const id of tasks.slice(0, 5)) await device.engine.records.update('task', id, { subject: `Task ${id} updated` });
    // A parent created late, its child later still: the child goes up under the parent's server id.
    const account = await device.engine.records.create('account', { name: 'Paged parent' });
    const contact = await device.engine.records.create('contact', { lastname: 'Paged child', parentcustomerid: { entity: 'account', id: account } });
    await device.engine.records.update('account', existing.id, { telephone1: '555-0142' });
    await device.engine.records.setState('task', tasks[6], 1, 5);
    expect((await device.engine.status()).pendingChanges).toBe(49);

    reads.largest = 0;
    reads.reads = 0;
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBeGreaterThanOrEqual(44);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    expect(reads.largest).toBeLessThanOrEqual(10);
    expect(reads.reads).toBeGreaterThanOrEqual(5);

    for (const [index, id] of tasks.entries()) {
      const task = await bed.store.getAsSystem('task', id);
      expect(task?.fields.subject).toBe(index < 5 ? `Task ${id} updated` : `Task ${index}`);
    }
    expect((await bed.store.getAsSystem('task', tasks[6]))?.fields.statecode).toBe(1);
    const child = await bed.store.getAsSystem('contact', contact);
    expect(child?.fields.parentcustomerid).toEqual({ entity: 'account', id: account });
    expect((await bed.store.getAsSystem('account', account))?.fields.name).toBe('Paged parent');
    expect((await bed.store.getAsSystem('account', existing.id))?.fields.telephone1).toBe('555-0142');
  });
});
