import { FieldsyncError } from '@fieldsync/model';
import type { RequestContext } from '../context/request-context';
import { entitiesNamed } from '../customization/entities-named';
import { deviceChannelResolvers } from './device-channel-resolvers';
import { recordResolvers } from './record-resolvers';

/** The most entities a plan describes, and the most counts it answers. */
export const SYNC_PLAN_MAX_ENTRIES = 1_000;

/** Codes that fail the whole plan (the client retries or renews it as a whole), never one part. */
const PASSING_CODES = new Set(['TRANSIENT', 'RATE_LIMITED', 'UNAUTHENTICATED', 'AUTH_EXPIRED']);

/** A refused part: what its own operation's GraphQL error would have carried. */
interface PlanError {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

interface SyncPlanArgs {
  readonly input: {
    readonly known?: { entities: string; settings: string; blobStoreFilter: string } | null;
    readonly appVersion?: string | null;
    readonly describe?: readonly string[] | null;
    readonly counts?: readonly { entity: string; filter?: unknown; since: string }[] | null;
  };
}

/**
 * Runs one part through its own operation's resolver (so with that operation's checks); a refusal it
 * would answer as a coded error becomes the part's error. Passing failures and unexpected errors
 * are thrown: the plan fails as a whole, as the operation would have.
 */
async function part<T>(work: () => Promise<T>): Promise<{ value: T | null; error: PlanError | null }> {
  try {
    return { value: await work(), error: null };
  } catch (error) {
    if (!FieldsyncError.is(error) || PASSING_CODES.has((error as FieldsyncError).code)) throw error;
    const refused = error as FieldsyncError;
    // A wrapped failure keeps its code and hides its cause, as the API edge does (create-device-api's maskError).
    const wrapped = refused.cause !== undefined && !FieldsyncError.is(refused.cause);
    return { value: null, error: { code: refused.code, message: wrapped ? 'the call failed on the server' : refused.message, details: refused.details } };
  }
}

/**
 * `syncPlan`: the start of a sync in one request. Each part calls the resolver of the operation it
 * stands for, in the order a sync makes them (deviceControl first, for its effect), so each keeps that
 * operation's authorisation and input checks; the request is authenticated once.
 */
export const syncPlanResolvers = {
  Mutation: {
    async syncPlan(_: unknown, args: SyncPlanArgs, ctx: RequestContext) {
      // The plan itself needs a valid token (a wiped device still learns its order, as from deviceControl).
      await ctx.callerEvenIfWiped();
      // appVersion is taken as customization takes it: the device compares it with the offer's minAppVersion.
      const { known, describe, counts } = args.input;
      if ((describe?.length ?? 0) > SYNC_PLAN_MAX_ENTRIES)
        throw new FieldsyncError('BAD_USER_INPUT', `input.describe names more than ${SYNC_PLAN_MAX_ENTRIES} entities`, { field: 'input.describe' });
      if ((counts?.length ?? 0) > SYNC_PLAN_MAX_ENTRIES)
        throw new FieldsyncError('BAD_USER_INPUT', `input.counts has more than ${SYNC_PLAN_MAX_ENTRIES} entries`, { field: 'input.counts' });
      const control = await part(() => deviceChannelResolvers.Mutation.deviceControl(undefined, undefined, ctx));
      const customization = await part(() => deviceChannelResolvers.Query.customization(undefined, { known: known ?? null }, ctx));
      const whoAmI = await part(() => recordResolvers.Query.whoAmI(undefined, undefined, ctx));
      const permissions = await part(() => recordResolvers.Query.permissions(undefined, undefined, ctx));
      const offered = customization.value?.parts.entities;
      const described = [...new Set([...(describe ?? []), ...(offered === undefined ? [] : entitiesNamed(offered))])];
      const schema =
        described.length === 0
          ? { value: { entities: [] }, error: null }
          : await part(() => recordResolvers.Query.describe(undefined, { entities: described }, ctx));
      const answered = [];
      for (const count of counts ?? []) {
        const answer = await part(() => recordResolvers.Query.count(undefined, { entity: count.entity, filter: count.filter, since: count.since }, ctx));
        answered.push({ counts: answer.value, error: answer.error });
      }
      return {
        control: control.value,
        controlError: control.error,
        customization: customization.value,
        customizationError: customization.error,
        whoAmI: whoAmI.value,
        whoAmIError: whoAmI.error,
        permissions: permissions.value,
        permissionsError: permissions.error,
        described,
        schema: schema.value,
        schemaError: schema.error,
        counts: answered,
      };
    },
  },
};
