import { createPubSub } from 'graphql-yoga';

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

/** Fleet events in this process (graphql-yoga's PubSub over an EventTarget). */
export function createFleetEvents(): FleetEvents {
  const pubSub = createPubSub<{ fleet: [FleetEvent] }>();
  return {
    publish: (event) => pubSub.publish('fleet', event),
    subscribe: () => pubSub.subscribe('fleet'),
  };
}
