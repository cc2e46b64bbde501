import { mapAzureAdError } from './map-azure-ad-error';
import { mapDynamicsError, retryAfterMs } from './map-dynamics-error';
import { readDataverseError } from './dynamics-call-failure';

const context = { operation: 'readPage', entity: 'account' };
const failure = (status: number, code: string, headers: Record<string, string> = {}) =>
  readDataverseError(status, JSON.stringify({ error: { code, message: 'refused' } }), headers);

describe('mapDynamicsError', () => {
  it.each([
    [401, '', 'AUTH_EXPIRED'],
    [429, '0x80072322', 'RATE_LIMITED'],
    [500, '', 'TRANSIENT'],
    [503, '', 'TRANSIENT'],
    [400, '0x80044352', 'FULL_RESYNC_REQUIRED'],
    [404, '0x8006088a', 'UNKNOWN_ENTITY'],
    [403, '0x80040220', 'PERMISSION_DENIED'],
    [400, '0x80060888', 'CONTRACT_VIOLATION'],
    [400, '0x80040265', 'DYNAMICS_API_ERROR'],
  ])('maps HTTP %i %s to %s', (status, code, expected) => {
    expect(mapDynamicsError(failure(status, code), context)).toMatchObject({ code: expected });
  });

  it('blames the filter for an unknown property when the caller filtered', () => {
    expect(mapDynamicsError(failure(400, '0x80060888'), { ...context, filtered: true })).toMatchObject({ code: 'INVALID_FILTER' });
  });

  it('carries Retry-After seconds into RateLimitedError', () => {
    expect(mapDynamicsError(failure(429, '0x80072322', { 'retry-after': '2.5' }), context)).toMatchObject({ retryAfterMs: 2500 });
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
  });

  it('treats a reset connection as transient', () => {
    expect(mapDynamicsError({ errorCode: 'ECONNRESET', message: 'socket hang up' }, context)).toMatchObject({ code: 'TRANSIENT' });
  });

  it('reads a body that is not JSON as the message', () => {
    expect(readDataverseError(502, '<html>bad gateway</html>')).toMatchObject({ errorCode: '', message: '<html>bad gateway</html>', status: 502 });
  });
});

describe('mapAzureAdError', () => {
  it('names the AADSTS code of a refused client secret', () => {
    const error = mapAzureAdError({ errorCode: 'invalid_client', errorMessage: 'AADSTS7000215: Invalid client secret provided. Trace ID: x' });
    expect(error).toMatchObject({ code: 'AUTH_FAILED', reason: 'AADSTS7000215' });
    expect(error.message).toContain('invalid_client, AADSTS7000215');
  });

  it('names the OAuth error when there is no AADSTS code', () => {
    expect(mapAzureAdError({ errorCode: 'invalid_grant', errorMessage: 'bad password' })).toMatchObject({ code: 'AUTH_FAILED', reason: 'invalid_grant' });
  });

  it('treats a network failure as transient', () => {
    expect(mapAzureAdError({ errorCode: 'network_error', errorMessage: 'Network request failed: ECONNREFUSED' })).toMatchObject({ code: 'TRANSIENT' });
  });
});
