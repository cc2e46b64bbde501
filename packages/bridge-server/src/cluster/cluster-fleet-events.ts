import { createFleetEvents, type FleetEvents } from '@fieldsync/device-api';
import { isClusterMessage, type ClusterMessage } from './cluster-message';

/** The slice of a cluster worker's `process` the relay uses. */
export interface ClusterChannel {
  send?(message: ClusterMessage): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * Fleet events of a bridge worker in a cluster: published here and, through the primary, in every
 * other worker, so that an admin's live view hears the devices of every process. Events that come
 * from the primary are delivered here only (never sent back).
 */
export function createClusterFleetEvents(channel: ClusterChannel = process): FleetEvents {
  const local = createFleetEvents();
  channel.on('message', (message) => {
    if (isClusterMessage(message) && message.fieldsync === 'fleet-event') local.publish(message.event);
  });
  return {
    publish(event) {
      local.publish(event);
      // Never throws, never waits: a primary gone away only loses the other workers' copy.
      try {
        channel.send?.({ fieldsync: 'fleet-event', event });
      } catch {
        // the channel closed while the worker stops
      }
    },
    subscribe: () => local.subscribe(),
  };
}
