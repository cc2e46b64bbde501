import { describeEachBridgeStore } from '@fieldsync/bridge-store/testing';
import { createBridgeTestBed, type BridgeTestBed } from './testing/bridge-test-bed';

const PUBLISH = `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision version minAppVersion roles { role priority } publishedBy warnings { field } } userErrors { field code message } } }`;
const OFFER = `query($known: CustomizationPartHashesInput) { customization(known: $known) { version revision minAppVersion settingsReadOnly partHashes { entities settings blobStoreFilter } parts { entities settings blobStoreFilter } } }`;

describeEachBridgeStore('customizations on $name', (backend) => {
  let bed: BridgeTestBed;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    bed = await createBridgeTestBed(await backend.freshUrl());
  });
  afterEach(() => bed.close());

  const salesContent = {
    entities: [
      {
        entity: 'account',
        fields: ['accountid', 'name', 'telephone1', 'ownerid'],
        filter: { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'eq', value: 0 } },
      },
      { entity: 'contact' },
    ],
    settings: { MaxSyncCount: 5000 },
  };

  it('publishes validated revisions per role; a device gets the highest-priority one and only the parts it lacks', async () => {
    const admin = await bed.admin();
    const invalid = await bed.gql(
      PUBLISH,
      {
        input: {
          content: { entities: [{ entity: 'spaceship' }] },
          roles: [
            { role: 'Salesperson', priority: 1 },
            { role: 'Salesperson', priority: 2 },
          ],
          minAppVersion: 'two',
        },
      },
      admin,
    );
    expect(invalid.data.publishCustomization.customization).toBeNull();
    expect(invalid.data.publishCustomization.userErrors.map((error: { field: string; code: string }) => `${error.field} ${error.code}`)).toEqual([
      'input.content.entities[0].entity INVALID_CUSTOMIZATION',
      'input.roles[1].role DUPLICATE_ROLE',
      'input.minAppVersion INVALID_VERSION',
    ]);
    expect((await bed.gql(`{ customizations { revision } }`, {}, admin)).data.customizations).toEqual([{ revision: 1 }]);

    const published = await bed.gql(
      PUBLISH,
      {
        input: {
          content: salesContent,
          roles: [{ role: 'Salesperson', priority: 50 }],
          minAppVersion: '1.2.0',
          settingsReadOnly: true,
          comment: 'sales reps: active accounts only',
        },
      },
      admin,
    );
    expect(published.data.publishCustomization).toMatchObject({
      customization: { revision: 2, minAppVersion: '1.2.0', roles: [{ role: 'Salesperson', priority: 50 }], publishedBy: 'admin' },
      userErrors: [],
    });
    const phone = await bed.device('alice', 'alice-phone');
    const offer = (await bed.gql(OFFER, {}, phone)).data.customization;
    expect(offer).toMatchObject({
      revision: 2,
      version: published.data.publishCustomization.customization.version,
      minAppVersion: '1.2.0',
      settingsReadOnly: true,
    });
    expect(offer.parts.entities.map((config: { entity: string }) => config.entity)).toEqual(['account', 'contact']);
    expect(offer.parts.settings.MaxSyncCount).toBe(5000);
    const unchanged = (await bed.gql(OFFER, { known: offer.partHashes }, phone)).data.customization;
    expect(unchanged.parts).toEqual({ entities: null, settings: null, blobStoreFilter: null });
    const onlySettings = (await bed.gql(OFFER, { known: { ...offer.partHashes, settings: 'old' } }, phone)).data.customization;
    expect(onlySettings.parts.entities).toBeNull();
    expect(onlySettings.parts.settings).toEqual(offer.parts.settings);
    // The administrator keeps revision 1 (the demo customization): the new one was for sales reps only.
    const adminPhone = await bed.device('admin', 'admin-phone');
    expect((await bed.gql(OFFER, {}, adminPhone)).data.customization.revision).toBe(1);
  });

  it('tells a user without a customization so, clearly', async () => {
    const unit = (await bed.crm.getUser((await bed.crm.findUserByName('alice'))!.id))!.businessUnitId;
    await bed.crm.createUser({ userName: 'dora', fullName: 'Dora Nobody', password: 'demo', businessUnitId: unit });
    const { accessToken } = await bed.signIn('dora', 'dora-phone');
    const answer = await bed.gql(OFFER, {}, accessToken);
    expect(answer.errors?.[0].extensions?.code).toBe('NO_CUSTOMIZATION');
    expect(answer.errors?.[0].message).toMatch(/No customization is published for your security roles/);
  });

  it('diffs revisions and dry-runs a publication: which devices need a full sync, and why', async () => {
    const admin = await bed.admin();
    await bed.device('alice', 'alice-phone');
    await bed.device('admin', 'admin-phone');
    await bed.gql(PUBLISH, { input: { content: salesContent, roles: [{ role: 'Salesperson', priority: 50 }] } }, admin);
    const widened = {
      entities: [
        {
          entity: 'account',
          fields: ['accountid', 'name', 'telephone1', 'ownerid', 'address1_city'],
          filter: { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'in', value: [0, 1] } },
        },
        { entity: 'task' },
      ],
      settings: { MaxSyncCount: 8000 },
    };
    const dry = await bed.gql(
      `query($input: PublishCustomizationInput!) { dryRunCustomization(input: $input) { diff { entitiesAdded entitiesRemoved entitiesChanged { entity fieldsAdded fieldsRemoved filterChanged } settingsChanged } devices { device { deviceId } currentRevision needsFullSync entities reasons } userErrors { field } } }`,
      { input: { content: widened, roles: [{ role: 'Salesperson', priority: 60 }] } },
      admin,
    );
    const result = dry.data.dryRunCustomization;
    expect(result.userErrors).toEqual([]);
    expect(result.diff).toEqual({
      entitiesAdded: ['task'],
      entitiesRemoved: ['contact'],
      entitiesChanged: [{ entity: 'account', fieldsAdded: ['address1_city'], fieldsRemoved: [], filterChanged: true }],
      settingsChanged: ['MaxSyncCount'],
    });
    const byDevice = Object.fromEntries(result.devices.map((entry: { device: { deviceId: string } }) => [entry.device.deviceId, entry]));
    expect(byDevice['alice-phone']).toEqual({
      device: { deviceId: 'alice-phone' },
      currentRevision: 2,
      needsFullSync: true,
      entities: ['task', 'account'],
      reasons: ['task: newly synchronised', 'account: fields added (address1_city)', 'account: sync filter changed'],
    });
    expect(byDevice['admin-phone']).toMatchObject({
      currentRevision: 1,
      needsFullSync: false,
      reasons: ['not affected: another customization takes precedence for this user'],
    });
    // A dry run publishes nothing.
    expect((await bed.gql(`{ customizations { revision } }`, {}, admin)).data.customizations).toEqual([{ revision: 2 }, { revision: 1 }]);
    await bed.gql(PUBLISH, { input: { content: widened, roles: [{ role: 'Salesperson', priority: 60 }] } }, admin);
    const diff = await bed.gql(
      `{ customizationDiff(fromRevision: 2, toRevision: 3) { entitiesAdded entitiesRemoved settingsChanged blobStoreFilterChanged } }`,
      {},
      admin,
    );
    expect(diff.data.customizationDiff).toEqual({
      entitiesAdded: ['task'],
      entitiesRemoved: ['contact'],
      settingsChanged: ['MaxSyncCount'],
      blobStoreFilterChanged: false,
    });
    const missing = await bed.gql(`{ customizationDiff(fromRevision: 2, toRevision: 9) { entitiesAdded } }`, {}, admin);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', details: { field: 'toRevision' } });
  });
});
