import { AuthFailedError, RateLimitedError, TransientError } from '@fieldsync/connector-api';

/** The parts of an msal-node `AuthError`/`ServerError` the connector reads (declared here, not imported). */
interface MsalErrorShape {
  readonly errorCode?: unknown;
  readonly errorMessage?: unknown;
  readonly subError?: unknown;
  readonly message?: unknown;
  readonly status?: unknown;
}

/** The `AADSTS…` code in an Azure AD error text, e.g. `AADSTS7000215`. */
export function aadstsCodeOf(text: string): string | undefined {
  return /\bAADSTS\d+\b/.exec(text)?.[0];
}

/**
 * Turns what msal-node threw while getting a token into a typed error: the token endpoint's refusals
 * (`invalid_client`, `invalid_grant`, `unauthorized_client`, any `AADSTS…`) → `AuthFailedError` whose
 * `reason` is the `AADSTS` code when there is one, else the OAuth error; a network failure → `TransientError`;
 * 429 → `RateLimitedError`.
 */
export function mapAzureAdError(error: unknown): Error {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as MsalErrorShape;
  const errorCode = typeof shape.errorCode === 'string' ? shape.errorCode : '';
  const text = [shape.errorMessage, shape.message].filter((part): part is string => typeof part === 'string').join(' ');
  const aadsts = aadstsCodeOf(text);
  if (shape.status === 429) return new RateLimitedError(1000, `Azure AD throttled the token request: ${text}`);
  if (aadsts === undefined && /network|ECONN|socket|UND_ERR|fetch failed|timed? ?out/i.test(`${errorCode} ${text}`)) {
    return new TransientError(`the token request failed on the network: ${errorCode} ${text}`.trim(), { cause: error });
  }
  const reason = aadsts ?? (errorCode || 'unknown_error');
  return new AuthFailedError(`Azure AD refused the token request (${[errorCode, aadsts].filter(Boolean).join(', ') || 'no code'}): ${text}`.trim(), reason);
}
