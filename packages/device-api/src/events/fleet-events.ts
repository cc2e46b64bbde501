import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';

/** What happened to a device, as the admin console's live view hears it. */
export type FleetEventKind = 'registered' | 'synced' | 'commandIssued' | 'commandDelivered' | 'commandCompleted';

/** One fleet event: which device, what, and when (the bridge's clock). */
export interface FleetEvent {
  readonly kind: FleetEventKind;
  readonly deviceId: string;
  readonly at: string;
}

/** The bridge's fleet events: published by the resolvers, heard by admin subscriptions. */
export interface FleetEvents {
  /** Tells every subscriber now; never throws, never waits. */
  publish(event: FleetEvent): void;
  /** The events from now on, until the iteration is ended (the subscriber went away). */
  subscribe(): AsyncIterable<FleetEvent>;
}

/** The event target a {@link createFleetEvents} may carry its events over (graphql-yoga's PubSub channel `fleet`). */
export type FleetEventTarget = PubSubEventTarget<{ fleet: [FleetEvent] }>;

/**
 * Fleet events through graphql-yoga's PubSub: in this process by default, or over `eventTarget`
 * (a Redis one shares them between bridges).
 */
export function createFleetEvents(eventTarget?: FleetEventTarget): FleetEvents {
  const pubSub = createPubSub<{ fleet: [FleetEvent] }>(eventTarget ? { eventTarget } : undefined);
  return {
    publish: (event) => pubSub.publish('fleet', event),
    subscribe: () => pubSub.subscribe('fleet'),
  };
}
