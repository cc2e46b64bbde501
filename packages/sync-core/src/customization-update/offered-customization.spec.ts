import type { CustomizationOffer } from '@fieldsync/connector-api';
import { customizationPartHashes, parseCustomization, type Customization, type Schema } from '@fieldsync/model';
import { entitiesNamedIn, parseOfferedDocument, rebuildOfferedDocument } from './offered-customization';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'statecode', type: 'state' },
      ],
    },
    {
      name: 'contact',
      primaryKey: 'contactid',
      fields: [
        { name: 'contactid', type: 'string' },
        { name: 'lastname', type: 'string' },
        { name: 'parentcustomerid', type: 'lookup', targets: ['account'], parent: true },
      ],
    },
  ],
};

function parsed(document: unknown): Customization {
  return JSON.parse(JSON.stringify(parseCustomization(document, schema).customization)) as Customization;
}

/** The offer the bridge sends for `next` to a device holding `known`, as JSON on the wire (absent parts as null). */
function offerOf(next: Customization, known?: Customization): CustomizationOffer {
  const hashes = customizationPartHashes(next);
  const knownHashes = known ? customizationPartHashes(known) : undefined;
  return JSON.parse(
    JSON.stringify({
      version: next.version,
      revision: 2,
      partHashes: hashes,
      parts: {
        entities: knownHashes?.entities === hashes.entities ? null : next.entities,
        settings: knownHashes?.settings === hashes.settings ? null : next.settings,
        blobStoreFilter: next.blobStoreFilter ?? null,
      },
      settingsReadOnly: false,
    }),
  ) as CustomizationOffer;
}

const current = parsed({ entities: [{ entity: 'account' }] });
const settingsChanged = parsed({ entities: [{ entity: 'account' }], settings: { MaxSyncCount: 10 } });

describe('rebuildOfferedDocument', () => {
  it('takes unchanged parts from the device and changed ones from the offer', () => {
    const document = rebuildOfferedDocument(current, offerOf(settingsChanged, current));
    expect(document.entities).toEqual(current.entities);
    expect(document.settings).toEqual(settingsChanged.settings);
    expect(parseOfferedDocument(document, schema, settingsChanged.version)).toEqual(settingsChanged);
  });

  it('refuses an offer that leaves out a changed part', () => {
    const offer = offerOf(settingsChanged, current);
    expect(() => rebuildOfferedDocument(current, { ...offer, parts: { ...offer.parts, settings: null } })).toThrow(/changed part 'settings' is missing/);
  });

  it('refuses a part that does not match its hash, and parts that do not hash to the version', () => {
    const offer = offerOf(settingsChanged, current);
    expect(() =>
      rebuildOfferedDocument(current, { ...offer, parts: { ...offer.parts, settings: { ...(offer.parts.settings as object), MaxSyncCount: 11 } } }),
    ).toThrow(expect.objectContaining({ code: 'CUSTOMIZATION_OFFER_INVALID', details: expect.objectContaining({ parts: ['settings'] }) }));
    expect(() => rebuildOfferedDocument(current, { ...offer, version: current.version })).toThrow(/hash to/);
  });

  it('reads a first customization whole', () => {
    const contactFilter = parsed({
      entities: [
        { entity: 'account' },
        {
          entity: 'contact',
          fetchXml:
            '<fetch><entity name="contact"><link-entity name="account" from="accountid" to="parentcustomerid"><filter><condition attribute="statecode" operator="eq" value="0"/></filter></link-entity></entity></fetch>',
        },
      ],
    });
    const document = rebuildOfferedDocument(undefined, offerOf(contactFilter));
    expect(entitiesNamedIn(document).sort()).toEqual(['account', 'contact']);
    expect(parseOfferedDocument(document, schema, contactFilter.version).version).toBe(contactFilter.version);
  });

  it('refuses a document the server schema does not know, with its issues', () => {
    const document = {
      entities: [{ entity: 'lead', fields: 'all', conflictPolicy: 'FieldMerge', uploadOnly: false, attachments: false }],
      settings: current.settings,
    };
    expect(() => parseOfferedDocument(document, schema, 'x')).toThrow(
      expect.objectContaining({
        code: 'CUSTOMIZATION_OFFER_INVALID',
        details: expect.objectContaining({ issues: [expect.objectContaining({ path: 'entities[0].entity' })] }),
      }),
    );
  });
});
