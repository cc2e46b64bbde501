import { startFaultProxy, type FaultProxy, type FaultProxyDialect } from '../wire/fault-proxy';

/** The fault proxy in front of the Dataverse emulator, over HTTPS. */
export interface CountingProxy extends FaultProxy {
  /** The PEM certificate the proxy serves; clients trust it as their `ca`. */
  readonly ca: string;
}

const NOT_RECORDS = /^\/api\/data\/v[\d.]+\/(EntityDefinitions|WhoAmI|systemusers)/;
const isApi = ({ path }: { path: string }) => path.startsWith('/api/');

/**
 * Rows of an entity set page that carry data beyond their key and annotations: the key-only rows of
 * the change-tracking scan that takes a delta link hold no data a client could filter
 * (docs/decisions/096).
 */
function dataRows(body: Buffer): number {
  try {
    const page = JSON.parse(body.toString('utf8')) as { value?: unknown };
    if (!Array.isArray(page.value)) return 0;
    return page.value.filter((row) => typeof row === 'object' && row !== null && Object.keys(row).filter((name) => !name.includes('@')).length > 1).length;
  } catch {
    return 0;
  }
}

/**
 * Dataverse's wire as the proxy sees it: Web API calls under `/api/`, msal's token POSTs everywhere
 * else; faults in Dataverse's error JSON (service protection's 0x80072322) and Azure AD's AADSTS50126;
 * records counted in entity set pages, not in metadata, WhoAmI or user look-ups.
 */
const dataverseDialect: FaultProxyDialect = {
  isApi,
  isToken: (request) => !isApi(request) && request.method === 'POST',
  rateLimitAnswer: (ms) => ({
    status: 429,
    headers: { 'retry-after': String(ms / 1000) },
    body: { error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } },
  }),
  failureAnswer: () => ({ status: 500, body: { error: { code: '0x80040216', message: 'An unexpected error occurred (injected).' } } }),
  refusedTokenAnswer: () => ({
    status: 400,
    body: {
      error: 'invalid_grant',
      error_description: 'AADSTS50126: Error validating credentials due to invalid username or password.',
      error_codes: [50126],
    },
  }),
  countRecords: (request, _status, body) => (isApi(request) && request.method === 'GET' && !NOT_RECORDS.test(request.path) ? dataRows(body) : 0),
};

/**
 * Starts a proxy on loopback HTTPS (with `tls`, a certificate for 127.0.0.1) in front of the Dataverse
 * emulator at `target`, trusting `targetCa`; it rewrites the emulator's URL to its own in both
 * directions (links in answers, absolute URLs in `$batch` bodies, the token scope).
 */
export async function startCountingProxy(target: string, targetCa: string, tls: { readonly cert: string; readonly key: string }): Promise<CountingProxy> {
  const proxy = await startFaultProxy({ target, targetCa, tls, dialect: dataverseDialect });
  return Object.assign(proxy, { ca: tls.cert });
}
