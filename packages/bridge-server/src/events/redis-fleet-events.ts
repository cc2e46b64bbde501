import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { createFleetEvents, type ApiLogger, type FleetEvents, type FleetEventTarget } from '@fieldsync/device-api';

/** Fleet events shared through Redis pub/sub, and the connections to close with the bridge. */
export interface RedisFleetEvents {
  readonly events: FleetEvents;
  /** Closes both Redis connections (a subscriber must have its own). */
  close(): Promise<void>;
}

/**
 * Fleet events that every bridge connected to the same Redis hears (`@graphql-yoga/redis-event-target`
 * over two ioredis connections: one publishes, one subscribes). `url` is a `redis://` or `rediss://`
 * URL, or a Unix socket path. A Redis away is logged (`redis.error`) and retried by ioredis; events
 * published meanwhile are queued, and never stop a request.
 */
export function createRedisFleetEvents(url: string, log: ApiLogger): RedisFleetEvents {
  const publishClient = new Redis(url, { maxRetriesPerRequest: null });
  const subscribeClient = new Redis(url, { maxRetriesPerRequest: null });
  for (const [role, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const)
    client.on('error', (error: Error) => log.warn({ event: 'redis.error', role, message: error.message }, 'Redis connection failed; retrying'));
  // The event target does not wait for (or catch) publish / subscribe / unsubscribe: a failure (Redis
  // away, or a subscriber leaving while the bridge closes) is logged here instead of left unhandled.
  const logged = (role: string) => (error: Error) => log.warn({ event: 'redis.error', role, message: error.message }, 'Redis command failed');
  const publishSide = { publish: (channel: string, message: string) => publishClient.publish(channel, message).catch(logged('publish')) };
  const subscribeSide = {
    on: (event: 'message', listener: (channel: string, message: string) => void) => subscribeClient.on(event, listener),
    subscribe: (channel: string) => subscribeClient.subscribe(channel).catch(logged('subscribe')),
    unsubscribe: (channel: string) => subscribeClient.unsubscribe(channel).catch(logged('unsubscribe')),
  };
  const eventTarget = createRedisEventTarget({
    publishClient: publishSide as unknown as Redis,
    subscribeClient: subscribeSide as unknown as Redis,
  }) as unknown as FleetEventTarget;
  return {
    events: createFleetEvents(eventTarget),
    async close() {
      await Promise.all([publishClient.quit().catch(() => publishClient.disconnect()), subscribeClient.quit().catch(() => subscribeClient.disconnect())]);
    },
  };
}
