import { mapSalesforceError, retryAfterMs } from './map-salesforce-error';
import { describeCallFailure } from './salesforce-call-failure';

/** What jsforce's HttpApiError looks like: name and errorCode are Salesforce's errorCode. */
function apiError(errorCode: string, message = 'refused'): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode, data: { errorCode, message } });
}

const context = { operation: 'readPage', entity: 'account' };

describe('mapSalesforceError', () => {
  it.each([
    ['INVALID_SESSION_ID', 401, 'AUTH_EXPIRED'],
    ['REQUEST_LIMIT_EXCEEDED', 403, 'QUOTA_EXCEEDED'],
    ['ERROR_HTTP_429', 429, 'RATE_LIMITED'],
    ['REQUEST_LIMIT_EXCEEDED', 429, 'RATE_LIMITED'],
    ['SERVER_UNAVAILABLE', 503, 'RATE_LIMITED'],
    ['ERROR_HTTP_500', 500, 'TRANSIENT'],
    ['INVALID_TYPE', 400, 'UNKNOWN_ENTITY'],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 403, 'PERMISSION_DENIED'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 400, 'SALESFORCE_API_ERROR'],
  ])('maps %s (%i) to %s', (errorCode, status, code) => {
    expect(mapSalesforceError(describeCallFailure(apiError(errorCode), status, {}), context)).toMatchObject({ code });
  });

  it('blames the filter for a malformed query only when a caller filter was in it', () => {
    const failure = describeCallFailure(apiError('MALFORMED_QUERY', "unexpected token: 'FROM'"), 400, {});
    expect(mapSalesforceError(failure, { ...context, filtered: true })).toMatchObject({ code: 'INVALID_FILTER', path: 'filter' });
    expect(mapSalesforceError(failure, context)).toMatchObject({ code: 'CONTRACT_VIOLATION' });
    expect(mapSalesforceError(describeCallFailure(apiError('INVALID_FIELD'), 400, {}), { ...context, filtered: true })).toMatchObject({
      code: 'INVALID_FILTER',
    });
  });

  it('reports the quota as last seen in Sforce-Limit-Info', () => {
    expect(
      mapSalesforceError(describeCallFailure(apiError('REQUEST_LIMIT_EXCEEDED'), 403, {}), { ...context, usage: { used: 100_000, limit: 100_000 } }),
    ).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      used: 100_000,
      limit: 100_000,
    });
  });

  it('keeps the Retry-After of a throttled answer', () => {
    expect(mapSalesforceError(describeCallFailure(apiError('ERROR_HTTP_429'), 429, { 'retry-after': '2' }), context)).toMatchObject({ retryAfterMs: 2000 });
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6_000);
    expect(retryAfterMs({})).toBeUndefined();
  });

  it('treats a dropped connection as transient and a refused OAuth grant as a failed sign-in', () => {
    const dropped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(mapSalesforceError(describeCallFailure(dropped), context)).toMatchObject({ code: 'TRANSIENT' });
    const grant = Object.assign(new Error('authentication failure'), { name: 'invalid_grant' });
    expect(mapSalesforceError(describeCallFailure(grant, 400), { operation: 'signIn' })).toMatchObject({ code: 'AUTH_FAILED', reason: 'invalid_grant' });
  });
});
