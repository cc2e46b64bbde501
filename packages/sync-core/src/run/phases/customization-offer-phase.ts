import { valueOfPlanPart } from '@fieldsync/connector-api';
import { readAppliedOffer, readPendingCustomization, writeAppliedOffer, writePendingCustomization } from '../../customization-update/customization-offer-store';
import { fetchCustomizationOffer } from '../../customization-update/fetch-customization-offer';
import { entitiesNamedIn, parseOfferedDocument } from '../../customization-update/offered-customization';
import { pendingOf, type OfferedUpdate } from '../offered-update';
import { fetchServerState } from '../server-state';
import type { SyncPhase } from '../sync-phase';
import type { SyncRunContext } from '../sync-run-context';

/**
 * The customization offer (with a channel, on a device not locked): asked for at the start and checked
 * against the server's schema before anything changes. A new or changed customization is kept in the
 * state for the prepare phase (a first one) or the customization update phase; a staged sync holds a
 * changed one for Apply Update (the apply phase stages it with the data); a background sync stores it
 * as waiting. An unchanged one refreshes the facts kept about it.
 */
export const customizationOfferPhase: SyncPhase = {
  name: 'customization-offer',
  async run(ctx, state) {
    const { channel, reporter } = ctx;
    if (!channel || state.locked) return state;
    const { active, plan } = state;
    // The plan asked with the same customization's hashes: its offer is the one this call would get.
    const source = plan ? { customization: async () => valueOfPlanPart(plan.plan.customization) } : channel;
    const fetched = await ctx.measure(
      'customization',
      () => fetchCustomizationOffer(source, active, ctx.appVersion),
      () => 0,
    );
    if (!fetched.document) {
      reporter.log(`<Customization Version="${fetched.offer.version.slice(0, 12)}" Revision="${fetched.offer.revision}" Status="NotModified" />`);
      await refreshAppliedOffer(ctx, fetched.offer);
      return state;
    }
    const names = new Set([...entitiesNamedIn(fetched.document), ...(active ? entitiesNamedIn(active) : [])]);
    const server = await fetchServerState(state.planned ?? ctx.connector, [...names]);
    const customization = parseOfferedDocument(fetched.document, server.schema, fetched.offer.version);
    const offered: OfferedUpdate = { offer: fetched.offer, document: fetched.document, customization };
    reporter.log(
      `<Customization Version="${fetched.offer.version.slice(0, 12)}" Revision="${fetched.offer.revision}" Status="${active ? 'Modified' : 'New'}" />`,
    );
    // A staged sync holds the update with its staged data: the live schema and settings change only with Apply Update.
    if (ctx.options.staged === true && active && !ctx.background) return { ...state, stagedOffer: offered, server };
    if (!ctx.background) return { ...state, offered, server };
    await writePendingCustomization(ctx.db, pendingOf(offered, 'background-sync', ctx.now()));
    return { ...state, offered, server, customizationUpdate: { version: fetched.offer.version, revision: fetched.offer.revision, outcome: 'waiting' } };
  },
};

/** The offer is the customization the device has: keep its facts (settingsReadOnly is not part of the version) and drop a stale waiting update. */
async function refreshAppliedOffer(ctx: SyncRunContext, offer: OfferedUpdate['offer']): Promise<void> {
  const applied = await readAppliedOffer(ctx.db);
  if (!applied || applied.revision !== offer.revision || applied.settingsReadOnly !== offer.settingsReadOnly || applied.minAppVersion !== offer.minAppVersion) {
    await writeAppliedOffer(ctx.db, offer, ctx.now());
  }
  if (await readPendingCustomization(ctx.db)) await writePendingCustomization(ctx.db, undefined);
}
