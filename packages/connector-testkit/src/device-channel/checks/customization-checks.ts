import type { CustomizationOffer } from '@fieldsync/connector-api';
import { customizationHash, customizationPartHashes, parseCustomization, type Customization } from '@fieldsync/model';
import { conformanceSchema } from '../../conformance-schema';
import { expectErrorCode } from '../../support/expect-error-code';
import type { DeviceChannelContext } from '../device-channel-context';
import { CONFORMANCE_CUSTOMIZATION } from '../device-channel-samples';

const FILTERED = { ...CONFORMANCE_CUSTOMIZATION, blobStoreFilter: '<BlobStoreFilter />' };

/** `customization`: the offer, its parts and hashes, and what the engine rebuilds from them. */
export function registerCustomizationChecks(ctx: DeviceChannelContext): void {
  ctx.check('answers NO_CUSTOMIZATION while nothing is published for the user', async () => {
    const { channel } = await ctx.registeredDevice();
    await expectErrorCode(channel.customization(), 'NO_CUSTOMIZATION');
  });

  ctx.check('offers the whole customization first: every part, each hashing as the offer says, together the offered version', async () => {
    const { channel } = await ctx.registeredDevice();
    const published = await ctx.admin().publish(FILTERED, { minAppVersion: '1.2.0', settingsReadOnly: true });
    const offer = await channel.customization();
    expect(offer).toMatchObject({ version: published.version, revision: published.revision, minAppVersion: '1.2.0', settingsReadOnly: true });
    expect(Object.keys(offer.parts).sort()).toEqual(['blobStoreFilter', 'entities', 'settings']);
    expect(offer.parts.blobStoreFilter).toBe('<BlobStoreFilter />');
    expectAddsUp(contentOf(offer), offer);
  });

  ctx.check('sends a customization without blob store filter as null, and leaves minAppVersion out when none was set', async () => {
    const { channel } = await ctx.registeredDevice();
    await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
    const offer = await channel.customization();
    expect(offer.parts.blobStoreFilter).toBeNull();
    expect(offer.minAppVersion).toBeUndefined();
    expect(offer.settingsReadOnly).toBe(false);
    expectAddsUp(contentOf(offer), offer);
  });

  ctx.check('leaves out the parts whose hash the device sent, and offers a newer publication with a higher revision and only its changed parts', async () => {
    const { channel } = await ctx.registeredDevice();
    await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
    const first = await channel.customization();
    const unchanged = await channel.customization(first.partHashes);
    expect(unchanged).toEqual({ ...first, parts: {} });

    const next = await ctx.admin().publish({ ...CONFORMANCE_CUSTOMIZATION, settings: { MaxSyncCount: 1000 } });
    const offer = await channel.customization(first.partHashes);
    expect(offer.version).toBe(next.version);
    expect(offer.version).not.toBe(first.version);
    expect(offer.revision).toBeGreaterThan(first.revision);
    expect(Object.keys(offer.parts)).toEqual(['settings']);
    expect(offer.partHashes).toEqual({ ...first.partHashes, settings: offer.partHashes.settings });
    // What the engine does: the device's own parts where the hashes match, the offer's elsewhere.
    expectAddsUp({ ...contentOf(first), settings: offer.parts.settings } as Content, offer);
  });
}

type Content = Omit<Customization, 'version'>;

/** The content an offer's parts carry (an absent blob store filter is null on the wire). */
function contentOf(offer: CustomizationOffer): Content {
  const { entities, settings, blobStoreFilter } = offer.parts;
  return { entities, settings, ...(typeof blobStoreFilter === 'string' ? { blobStoreFilter } : {}) } as Content;
}

/** The parts hash as the offer says, to its version, and parse over the schema to that version. */
function expectAddsUp(content: Content, offer: CustomizationOffer): void {
  expect(customizationPartHashes(content)).toEqual(offer.partHashes);
  expect(customizationHash(content)).toBe(offer.version);
  expect(parseCustomization(content, conformanceSchema).customization.version).toBe(offer.version);
}
