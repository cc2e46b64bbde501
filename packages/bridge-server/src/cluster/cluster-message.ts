import type { FleetEvent } from '@fieldsync/device-api';

/** What a bridge worker and the cluster's primary tell each other over the cluster's IPC channel. */
export type ClusterMessage =
  /** Worker → primary: the worker serves at `url`. */
  | { readonly fieldsync: 'listening'; readonly url: string; readonly graphiql: boolean }
  /** Either way: a fleet event published in one worker, for the admin subscriptions of every other. */
  | { readonly fieldsync: 'fleet-event'; readonly event: FleetEvent }
  /** Primary → worker: close the bridge and exit. */
  | { readonly fieldsync: 'stop' };

/** Whether `message` is one of ours (the IPC channel may carry others). */
export function isClusterMessage(message: unknown): message is ClusterMessage {
  return typeof message === 'object' && message !== null && typeof (message as { fieldsync?: unknown }).fieldsync === 'string';
}
