import { startFaultProxy, type FaultProxy, type FaultProxyDialect } from '../wire/fault-proxy';

/** The fault proxy in front of the Salesforce emulator (plain HTTP). */
export type CountingProxy = FaultProxy;

const QUERY_PATH = /^\/services\/data\/v[\d.]+\/query(All)?[/?]/;
const isToken = ({ path }: { path: string }) => path.startsWith('/services/oauth2/token');

/**
 * Salesforce's wire as the proxy sees it: REST calls under `/services/data/`, tokens from
 * `/services/oauth2/token`; every call takes rate limits and failures (as Salesforce's API limits
 * apply to the whole org), answered in the REST API's error array; records are counted in `query` and
 * `queryAll` pages; only token answers carry the instance URL to rewrite.
 */
const salesforceDialect: FaultProxyDialect = {
  isApi: ({ path }) => path.startsWith('/services/data/'),
  isToken,
  takesFaults: () => true,
  rateLimitAnswer: (ms) => ({
    status: 429,
    headers: { 'retry-after': String(ms / 1000) },
    body: [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
  }),
  failureAnswer: () => ({ status: 500, body: [{ message: 'An unexpected error occurred (injected)', errorCode: 'UNKNOWN_EXCEPTION' }] }),
  refusedTokenAnswer: () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } }),
  countRecords({ method, path }, _status, body) {
    if (method !== 'GET' || !QUERY_PATH.test(path)) return 0;
    try {
      const page = JSON.parse(body.toString('utf8')) as { records?: unknown[] };
      return Array.isArray(page.records) ? page.records.length : 0;
    } catch {
      // Not JSON: nothing to count; the connector reports the broken page itself.
      return 0;
    }
  },
  rewritesAnswer: (request, status) => isToken(request) && status === 200,
};

/**
 * Starts a proxy on loopback HTTP in front of the Salesforce emulator at `target`; the token
 * answer's `instance_url` and `id` name the proxy, so every later call passes through it.
 */
export function startCountingProxy(target: string): Promise<CountingProxy> {
  return startFaultProxy({ target, dialect: salesforceDialect });
}
