import { Agent, fetch } from 'undici';
import type { BridgeFetch } from '../http/bridge-fetch';

/** Options of {@link undiciFetch}. */
export interface UndiciFetchOptions {
  /** PEM certificate(s) trusted for HTTPS, instead of the system's roots (a private CA, a self-signed bridge). @default the system's roots */
  readonly ca?: string | Buffer;
}

/**
 * A {@link BridgeFetch} on Node over undici's `fetch` and an `Agent` of its own, which trusts `ca`:
 * what a Node app passes as the connector's `fetch` to reach a bridge with a private certificate.
 * Its `close` (called when the connector closes) closes the agent's connections.
 * @example createBridgeConnector({ url, userName, password, deviceId, fetch: undiciFetch({ ca: fs.readFileSync('bridge-ca.pem') }) })
 */
export function undiciFetch(options: UndiciFetchOptions = {}): BridgeFetch {
  const agent = new Agent(options.ca === undefined ? {} : { connect: { ca: options.ca } });
  const send: BridgeFetch = (url, init) => fetch(url, { ...init, dispatcher: agent });
  send.close = async () => {
    try {
      await agent.close();
    } catch {
      // Closing twice, or a socket that already failed: nothing left to release.
    }
  };
  return send;
}
