import type { ConformanceClock, ConformanceControl } from '@fieldsync/connector-testkit';
import type { FaultProxy } from './fault-proxy';

/** What the emulator behind a {@link FaultProxy} does for the faults the wire cannot play. */
export interface EmulatorFaults {
  /** Ends every session (`expire-session`), before the proxy refuses the next token requests. */
  expireSessions(): void;
  /** Makes every anchor stale (`expire-anchors`). */
  expireAnchors(): void;
}

/**
 * The fault and counter half of a conformance control over a connector behind a {@link FaultProxy}:
 * rate limits, server errors and lost answers are played by the proxy on the wire, expired sessions
 * and anchors by the emulator; the counters are the proxy's, with the waits the clock was asked for.
 */
export function proxyFaultControl(
  proxy: FaultProxy,
  emulator: EmulatorFaults,
  clock: ConformanceClock,
): Pick<ConformanceControl, 'injectFault' | 'counters' | 'resetCounters'> {
  return {
    async injectFault(fault) {
      switch (fault.kind) {
        case 'rate-limit':
          proxy.rateLimit(fault.retryAfterMs, fault.times ?? 1);
          return;
        case 'server-error':
          proxy.failNext(fault.times ?? 1);
          return;
        case 'lose-response':
          proxy.loseNextWriteResponse();
          return;
        case 'expire-session':
          emulator.expireSessions();
          proxy.refuseTokens(fault.refusals ?? 0);
          return;
        case 'expire-anchors':
          emulator.expireAnchors();
          return;
      }
    },
    async counters() {
      // Counted on the wire: an emulator evaluates its query language over what the store gives it,
      // so the store's own figure counts records the emulator read, not those it sent.
      return { ...proxy.counters(), waits: clock.waits() };
    },
    async resetCounters() {
      proxy.resetCounters();
      clock.resetWaits();
    },
  };
}
