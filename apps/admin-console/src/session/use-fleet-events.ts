import { useEffect, useRef, useState } from 'react';
import { FleetEventsSubscription } from '../api/operations';
import { subscribeOperation } from '../api/subscribe-operation';
import type { FleetEventsSubscription as FleetEventsData } from '../gql/graphql';
import type { AdminSession } from './admin-session';

/** One fleet event as the views hear it. */
export type FleetEvent = FleetEventsData['fleetEvents'];

/** Wait before subscribing again after the stream ended. */
const RETRY_MS = 3_000;

/**
 * Listens to the bridge's fleet events while the view is shown and calls `onEvent` for each;
 * subscribes again (with a fresh token) when the stream ends. Answers whether the stream is open.
 */
export function useFleetEvents(session: AdminSession, onEvent: (event: FleetEvent) => void): boolean {
  const [live, setLive] = useState(false);
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    let stop: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const connect = async () => {
      const token = await session.accessToken().catch(() => undefined);
      if (!active || token === undefined) return;
      stop = subscribeOperation(FleetEventsSubscription, {}, token, {
        onOpen: () => setLive(true),
        onData: (data) => latest.current(data.fleetEvents),
        onClosed: () => {
          setLive(false);
          if (active) retry = setTimeout(() => void connect(), RETRY_MS);
        },
      });
    };
    void connect();
    return () => {
      active = false;
      stop?.();
      if (retry !== undefined) clearTimeout(retry);
      setLive(false);
    };
  }, [session]);
  return live;
}
