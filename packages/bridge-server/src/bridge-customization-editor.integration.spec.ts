import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const CHECK = `query($content: JSON!, $against: Int) { checkCustomization(content: $content, againstRevision: $against) {
  userErrors { field code message line column } warnings { field } againstRevision
  changes { empty entities { entity change fieldsAdded fieldsRemoved filter { before after } options { name before after } } settings { name change before after } blobStoreFilter { before after } } } }`;
const DRY_RUN = `query($input: PublishCustomizationInput!) { dryRunCustomization(input: $input) {
  devices { device { deviceId } needsFullSync entities downloads { entity records } } userErrors { field message line column } } }`;
const PUBLISH = `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision version } userErrors { field message } } }`;

const ACTIVE_ACCOUNTS = `<fetch>
  <entity name="account">
    <filter type="and">
      <condition attribute="statecode" operator="eq" value="0" />
    </filter>
  </entity>
</fetch>`;

/** The customization editor's admin operations on a real bridge (SQLite state) over the demo CRM. */
describe('the customization editor API', () => {
  let dir: string;
  let bed: BridgeTestBed;
  let admin: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-editor-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'));
    admin = await bed.admin();
  });
  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Revision 1 (the demo customization) as the editor opens it. */
  async function demoDraft(): Promise<{ entities: Record<string, unknown>[]; settings: Record<string, unknown> }> {
    return (await bed.gql(`{ publishedCustomization(revision: 1) { draft } }`, {}, admin)).data.publishedCustomization.draft;
  }

  it('reports a FetchXML mistake at its line and column, as the model validates it, and compares a correct draft with the published revision', async () => {
    const draft = await demoDraft();
    const broken = ACTIVE_ACCOUNTS.replace('operator="eq"', 'operator="eqq"');
    const entities = draft.entities.map((config) => (config.entity === 'account' ? { ...config, fetchXml: broken } : config));
    const refused = (await bed.gql(CHECK, { content: { ...draft, entities } }, admin)).data.checkCustomization;
    expect(refused.changes).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        field: expect.stringMatching(/^content\.entities\[\d+\]\.fetchXml$/),
        code: 'INVALID_CUSTOMIZATION',
        message: expect.stringContaining("unknown operator 'eqq'"),
        line: 4,
        // The operator attribute itself, where the model's FetchXML reader points.
        column: broken.split('\n')[3].indexOf('operator="eqq"') + 1,
      },
    ]);

    const fixed = draft.entities
      .filter((config) => config.entity !== 'task')
      .map((config) => (config.entity === 'account' ? { ...config, fields: ['accountid', 'name', 'statecode'], fetchXml: ACTIVE_ACCOUNTS } : config));
    const settings = { ...draft.settings, MaxSyncCount: 5000 };
    const checked = (await bed.gql(CHECK, { content: { entities: fixed, settings } }, admin)).data.checkCustomization;
    expect(checked.userErrors).toEqual([]);
    expect(checked.againstRevision).toBe(1);
    expect(checked.changes.empty).toBe(false);
    expect(checked.changes.settings).toEqual([{ name: 'MaxSyncCount', change: 'changed', before: 0, after: 5000 }]);
    const account = checked.changes.entities.find((change: { entity: string }) => change.entity === 'account');
    expect(account.change).toBe('changed');
    expect(account.fieldsAdded).toEqual([]);
    expect(account.fieldsRemoved).toContain('telephone1');
    expect(account.filter.before).toBeNull();
    expect(account.filter.after).toContain('<condition attribute="statecode" operator="eq" value="0"');
    expect(checked.changes.entities.find((change: { entity: string }) => change.entity === 'task')).toMatchObject({ change: 'removed' });

    // The published revision's own draft compares as no change at all.
    const same = (await bed.gql(CHECK, { content: draft }, admin)).data.checkCustomization;
    expect(same.changes).toMatchObject({ empty: true, entities: [], settings: [], blobStoreFilter: null });
  });

  it("dry-runs a filter change: the device needs a full sync of that entity, with the CRM's count of the records its user may read under the new filter", async () => {
    await bed.device('alice', 'alice-dry-run-phone');
    const draft = await demoDraft();
    const entities = draft.entities.map((config) => (config.entity === 'account' ? { ...config, fetchXml: ACTIVE_ACCOUNTS } : config));
    const input = { content: { ...draft, entities }, roles: [{ role: 'Salesperson', priority: 50 }] };
    const dry = (await bed.gql(DRY_RUN, { input }, admin)).data.dryRunCustomization;
    expect(dry.userErrors).toEqual([]);
    const phone = dry.devices.find((entry: { device: { deviceId: string } }) => entry.device.deviceId === 'alice-dry-run-phone');
    expect(phone).toMatchObject({ needsFullSync: true, entities: ['account'] });

    // Independently: alice's readable accounts, read in full from the CRM and counted here.
    const alice = await bed.crm.principalOf((await bed.crm.findUserByName('alice'))!.id);
    let active = 0;
    let all = 0;
    for (let afterId: string | undefined; ;) {
      const page = await bed.crm.readFull(alice, { entity: 'account', fields: ['statecode'], limit: 500, ...(afterId ? { afterId } : {}) });
      all += page.records.length;
      active += page.records.filter((record) => record.fields.statecode === 0).length;
      if (page.done) break;
      afterId = page.lastId;
    }
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThan(all);
    expect(phone.downloads).toEqual([{ entity: 'account', records: active }]);
  });

  it('counts each user and entity of a fleet, more of them than the CRM is asked for at once', async () => {
    for (const [user, id] of [
      ['alice', 'alice-fleet-phone'],
      ['bob', 'bob-fleet-phone'],
      ['carol', 'carol-fleet-phone'],
    ])
      await bed.device(user, id);
    const activeOnly = (entity: string) => ACTIVE_ACCOUNTS.replace('name="account"', `name="${entity}"`);
    const draft = await demoDraft();
    const entities = draft.entities.map((config) =>
      ['account', 'contact'].includes(config.entity as string) ? { ...config, fetchXml: activeOnly(config.entity as string) } : config,
    );
    const dry = (await bed.gql(DRY_RUN, { input: { content: { ...draft, entities }, roles: [{ role: 'Salesperson', priority: 50 }] } }, admin)).data
      .dryRunCustomization;
    for (const user of ['alice', 'bob', 'carol']) {
      const principal = await bed.crm.principalOf((await bed.crm.findUserByName(user))!.id);
      const expected = [];
      for (const entity of ['account', 'contact']) {
        let active = 0;
        for (let afterId: string | undefined; ;) {
          const page = await bed.crm.readFull(principal, { entity, fields: ['statecode'], limit: 500, ...(afterId ? { afterId } : {}) });
          active += page.records.filter((record) => record.fields.statecode === 0).length;
          if (page.done) break;
          afterId = page.lastId;
        }
        expected.push({ entity, records: active });
      }
      const phone = dry.devices.find((entry: { device: { deviceId: string } }) => entry.device.deviceId === `${user}-fleet-phone`);
      expect(phone.downloads).toEqual(expected);
    }
  });

  it('reports a blob store filter mistake at its line and column, and a setting out of its range at its path', async () => {
    const draft = await demoDraft();
    const blobStoreFilter = '<BlobStoreFilter>\n  <FilesFilter>\n    <Quota>lots</Quota>\n  </FilesFilter>\n</BlobStoreFilter>';
    const checked = (await bed.gql(CHECK, { content: { ...draft, settings: { ...draft.settings, MaxExecuteMultiple: 5000 }, blobStoreFilter } }, admin)).data
      .checkCustomization;
    expect(checked.changes).toBeNull();
    expect(checked.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'content.settings.MaxExecuteMultiple', line: null, column: null }),
        expect.objectContaining({ field: 'content.blobStoreFilter', line: 3, column: expect.any(Number) }),
      ]),
    );
    expect(checked.userErrors).toHaveLength(2);
  });

  it("dry-runs a customization assigned to a role the device's user does not hold: the device keeps its revision and downloads nothing", async () => {
    await bed.device('carol', 'carol-dry-run-phone');
    const draft = await demoDraft();
    const entities = draft.entities.map((config) => (config.entity === 'account' ? { ...config, fetchXml: ACTIVE_ACCOUNTS } : config));
    // Only for sales managers: carol, a salesperson, keeps revision 1.
    const dry = (await bed.gql(DRY_RUN, { input: { content: { ...draft, entities }, roles: [{ role: 'Sales Manager', priority: 5 }] } }, admin)).data
      .dryRunCustomization;
    const phone = dry.devices.find((entry: { device: { deviceId: string } }) => entry.device.deviceId === 'carol-dry-run-phone');
    expect(phone).toEqual({ device: { deviceId: 'carol-dry-run-phone' }, needsFullSync: false, entities: [], downloads: [] });
  });

  it('rolls back to a revision: its content and roles come back as the newest revision, which devices then get', async () => {
    const draft = await demoDraft();
    const first = (await bed.gql(`{ publishedCustomization(revision: 1) { version roles { role priority } } }`, {}, admin)).data.publishedCustomization;
    const changed = await bed.gql(
      PUBLISH,
      { input: { content: { ...draft, settings: { ...draft.settings, MaxSyncCount: 7 } }, roles: first.roles, comment: 'cap downloads' } },
      admin,
    );
    expect(changed.data.publishCustomization.userErrors).toEqual([]);
    const revision = changed.data.publishCustomization.customization.revision as number;
    expect(changed.data.publishCustomization.customization.version).not.toBe(first.version);

    const rolled = (
      await bed.gql(
        `mutation { rollbackCustomization(revision: 1) { customization { revision version roles { role priority } comment publishedBy } userErrors { code } } }`,
        {},
        admin,
      )
    ).data.rollbackCustomization;
    expect(rolled).toEqual({
      customization: { revision: revision + 1, version: first.version, roles: first.roles, comment: 'rollback to revision 1', publishedBy: 'admin' },
      userErrors: [],
    });
    const phone = await bed.device('bob', 'bob-rollback-phone');
    const offer = (await bed.gql(`{ customization { revision version } }`, {}, phone)).data.customization;
    expect(offer).toEqual({ revision: revision + 1, version: first.version });

    const missing = (await bed.gql(`mutation { rollbackCustomization(revision: 999) { customization { revision } userErrors { field code } } }`, {}, admin))
      .data;
    expect(missing.rollbackCustomization).toEqual({ customization: null, userErrors: [{ field: 'revision', code: 'NOT_FOUND' }] });
  });

  it('gives the editor the settings catalogue with types and ranges, and the CRM entities with their fields', async () => {
    const answer = await bed.gql(`{ customizationSettingDefinitions { name type default min max } crmEntities { name fields } }`, {}, admin);
    expect(answer.data.customizationSettingDefinitions).toContainEqual({ name: 'MaxExecuteMultiple', type: 'int', default: 100, min: 1, max: 1000 });
    expect(answer.data.customizationSettingDefinitions).toContainEqual({ name: 'LogSyncDetails', type: 'bool', default: false, min: null, max: null });
    const account = answer.data.crmEntities.find((entity: { name: string }) => entity.name === 'account');
    expect(account.fields[0]).toBe('accountid');
    expect(account.fields).toContain('statecode');
  });

  it('refuses every editor operation to a user without the admin role', async () => {
    const { accessToken } = await bed.signIn('alice');
    for (const query of [
      `{ checkCustomization(content: {}) { againstRevision } }`,
      `{ customizationSettingDefinitions { name } }`,
      `{ crmEntities { name } }`,
      `mutation { rollbackCustomization(revision: 1) { userErrors { code } } }`,
    ]) {
      const answer = await bed.gql(query, {}, accessToken);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});
