import type { RequestContext } from '../context/request-context';
import type { FleetEvent } from '../events/fleet-events';

/** The admin's live view: `fleetEvents`, a subscription (served as server-sent events) for admins only. */
export const adminEventResolvers = {
  Subscription: {
    fleetEvents: {
      async subscribe(_: unknown, _args: unknown, ctx: RequestContext): Promise<AsyncIterable<FleetEvent>> {
        await ctx.admin();
        if (!ctx.services.events) throw new Error('the API was created without fleet events');
        return ctx.services.events.subscribe();
      },
      resolve: (event: FleetEvent) => event,
    },
  },
};
