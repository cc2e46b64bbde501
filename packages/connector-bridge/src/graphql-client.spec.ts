import * as net from 'node:net';
import {
  AuthExpiredError,
  AuthFailedError,
  BatchTooLargeError,
  ContractViolationError,
  DeviceRevokedError,
  FullResyncRequiredError,
  NoCustomizationError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitedError,
  TransientError,
} from '@fieldsync/connector-api';
import { FieldsyncError, FilterTooDeepError, InvalidFilterError, ManualClock, UnknownEntityError, ValidationError } from '@fieldsync/model';
import { UnauthenticatedError } from './errors/unauthenticated-error';
import { GraphqlClient, type GraphqlRequest } from './graphql-client';
import { undiciFetch } from './node/undici-fetch';
import { startCannedGraphqlServer, type CannedAnswer, type CannedGraphqlServer } from './testing/canned-graphql-server';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';

const whoAmI: GraphqlRequest = { operationName: 'WhoAmI', query: 'query WhoAmI { whoAmI { userId } }' };

/** The bridge's shape of a GraphQL error (device-api's toGraphQLError). */
function bridgeError(code: string, message: string, details: Record<string, unknown> = {}, status = 200): CannedAnswer {
  const retryAfterMs = typeof details.retryAfterMs === 'number' ? { retryAfterMs: details.retryAfterMs } : {};
  return { status, body: { errors: [{ message, path: ['whoAmI'], extensions: { code, details, ...retryAfterMs } }], data: null } };
}

describe('GraphqlClient', () => {
  let server: CannedGraphqlServer | undefined;
  let client: GraphqlClient | undefined;

  async function stop(): Promise<void> {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  }

  afterEach(stop);

  async function answering(answer: CannedAnswer | ((index: number) => CannedAnswer), timeoutMs?: number, clock?: ManualClock): Promise<GraphqlClient> {
    await stop();
    server = await startCannedGraphqlServer((_request, index) => (typeof answer === 'function' ? answer(index) : answer));
    client = new GraphqlClient({ url: server.url, ...(timeoutMs ? { timeoutMs } : {}), ...(clock ? { clock } : {}) });
    return client;
  }

  async function failure(answer: CannedAnswer, request: GraphqlRequest = whoAmI): Promise<Error> {
    const made = await answering(answer);
    return made.request(request, 'token').then(
      (data) => {
        throw new Error(`expected a failure, got ${JSON.stringify(data)}`);
      },
      (error: Error) => error,
    );
  }

  it('posts the operation with its variables and the bearer token, and answers data', async () => {
    const made = await answering({ body: { data: { whoAmI: { userId: 'u1' } } } });
    const data = await made.request({ ...whoAmI, variables: { a: 1 } }, 'secret-token');
    expect(data).toEqual({ whoAmI: { userId: 'u1' } });
    expect(server?.requests).toEqual([{ operationName: 'WhoAmI', query: whoAmI.query, variables: { a: 1 }, authorization: 'Bearer secret-token' }]);
  });

  it('sends no Authorization header without a token', async () => {
    const made = await answering({ body: { data: { ok: true } } });
    await made.request(whoAmI);
    expect(server?.requests[0].authorization).toBeUndefined();
  });

  describe('maps each bridge error code to its typed error, keeping the message and details', () => {
    it.each<[string, CannedAnswer, (error: Error) => void]>([
      ['UNAUTHENTICATED', bridgeError('UNAUTHENTICATED', 'the access token expired', {}, 401), (e) => expect(e).toBeInstanceOf(UnauthenticatedError)],
      [
        'AUTH_FAILED',
        bridgeError('AUTH_FAILED', 'wrong password', { reason: 'disabled' }),
        (e) => expect(e).toMatchObject({ constructor: AuthFailedError, reason: 'disabled' }),
      ],
      ['AUTH_EXPIRED', bridgeError('AUTH_EXPIRED', 'the refresh token is unknown', {}, 401), (e) => expect(e).toBeInstanceOf(AuthExpiredError)],
      ['DEVICE_REVOKED', bridgeError('DEVICE_REVOKED', 'this device was wiped', {}, 401), (e) => expect(e).toBeInstanceOf(DeviceRevokedError)],
      [
        'QUOTA_EXCEEDED',
        bridgeError('QUOTA_EXCEEDED', 'quota spent', { used: 5, limit: 5 }),
        (e) => expect(e).toMatchObject({ constructor: QuotaExceededError, used: 5, limit: 5 }),
      ],
      [
        'FULL_RESYNC_REQUIRED',
        bridgeError('FULL_RESYNC_REQUIRED', 'account: history purged', { entity: 'account', reason: 'history purged' }),
        (e) => expect(e).toMatchObject({ constructor: FullResyncRequiredError, entity: 'account', details: { entity: 'account', reason: 'history purged' } }),
      ],
      [
        'PERMISSION_DENIED',
        bridgeError('PERMISSION_DENIED', 'no write on contact', { entity: 'contact', privilege: 'write' }),
        (e) => expect(e).toMatchObject({ constructor: PermissionDeniedError, entity: 'contact', privilege: 'write' }),
      ],
      [
        'BATCH_TOO_LARGE',
        bridgeError('BATCH_TOO_LARGE', 'too many', { size: 1001, limit: 1000 }),
        (e) => expect(e).toMatchObject({ constructor: BatchTooLargeError, size: 1001, limit: 1000 }),
      ],
      ['TRANSIENT', bridgeError('TRANSIENT', 'write: 503 Service Unavailable', {}, 503), (e) => expect(e).toBeInstanceOf(TransientError)],
      [
        'UNKNOWN_ENTITY',
        bridgeError('UNKNOWN_ENTITY', "entity: unknown entity 'nope'", { entity: 'nope', path: 'entity' }),
        (e) => expect(e).toMatchObject({ constructor: UnknownEntityError, entity: 'nope' }),
      ],
      [
        'INVALID_FILTER',
        bridgeError('INVALID_FILTER', "filter.field: unknown field 'x'", { path: 'filter.field', line: 2, column: 7 }),
        (e) => expect(e).toMatchObject({ constructor: InvalidFilterError, path: 'filter.field', line: 2, column: 7 }),
      ],
      [
        'FILTER_TOO_DEEP',
        bridgeError('FILTER_TOO_DEEP', 'filter.children[0]: the filter nests deeper than the limit of 32 levels', { path: 'filter.children[0]', maxDepth: 32 }),
        (e) => expect(e).toMatchObject({ constructor: FilterTooDeepError, path: 'filter.children[0]', maxDepth: 32 }),
      ],
      ['NO_CUSTOMIZATION', bridgeError('NO_CUSTOMIZATION', 'none published for your roles'), (e) => expect(e).toBeInstanceOf(NoCustomizationError)],
      [
        'VALIDATION_FAILED',
        bridgeError('VALIDATION_FAILED', 'record is invalid', { subject: 'record', issues: [{ path: 'fields.name', message: 'required' }] }),
        (e) => expect(e).toMatchObject({ constructor: ValidationError, issues: [{ path: 'fields.name', message: 'required' }] }),
      ],
    ])('%s', async (code, answer, check) => {
      const error = await failure(answer);
      check(error);
      expect((error as FieldsyncError).code).toBe(code);
      expect(error.message).toBe((answer.body as { errors: { message: string }[] }).errors[0].message);
    });

    it('RATE_LIMITED with retryAfterMs from the extensions rather than the rounded Retry-After header', async () => {
      const error = await failure({ ...bridgeError('RATE_LIMITED', 'slow down', { retryAfterMs: 300 }, 429), headers: { 'retry-after': '1' } });
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(300);
    });

    it.each(['FORBIDDEN', 'BAD_USER_INPUT', 'DEVICE_NOT_REGISTERED', 'SIGN_IN_RATE_LIMITED'])(
      '%s, which has no class, as a FieldsyncError keeping code and details',
      async (code) => {
        const error = await failure(bridgeError(code, `refused: ${code}`, { field: 'since' }, code === 'FORBIDDEN' ? 403 : 200));
        expect(error.constructor).toBe(FieldsyncError);
        expect(error).toMatchObject({ code, message: `refused: ${code}`, details: { field: 'since' } });
        expect(FieldsyncError.is(error, code)).toBe(true);
      },
    );

    it('SIGN_IN_RATE_LIMITED on a 429 keeps its code and retryAfterMs instead of becoming a RateLimitedError to wait out', async () => {
      const error = await failure({
        ...bridgeError('SIGN_IN_RATE_LIMITED', 'too many failed sign-ins', { retryAfterMs: 900_000 }, 429),
        headers: { 'retry-after': '900' },
      });
      expect(error).not.toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ code: 'SIGN_IN_RATE_LIMITED', details: { retryAfterMs: 900_000 } });
    });

    it('GRAPHQL_VALIDATION_FAILED (yoga answers 400) as a FieldsyncError with the code kept', async () => {
      const error = await failure({
        status: 400,
        body: { errors: [{ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      });
      expect(error).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Cannot query field "nope" on type "Query".' });
    });

    it("an error without a code as BRIDGE_ERROR, and yoga's masked INTERNAL_SERVER_ERROR as TransientError", async () => {
      expect(await failure({ body: { errors: [{ message: 'Unexpected error.' }] } })).toMatchObject({ code: 'BRIDGE_ERROR', message: 'Unexpected error.' });
      expect(await failure({ body: { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } })).toBeInstanceOf(
        TransientError,
      );
    });
  });

  describe('HTTP failures', () => {
    it('turns a 429 with Retry-After in seconds and no body into RateLimitedError', async () => {
      const error = await failure({ status: 429, headers: { 'retry-after': '2' }, body: 'Too Many Requests' });
      expect(error).toMatchObject({ constructor: RateLimitedError, retryAfterMs: 2_000 });
    });

    it('turns a 503 with Retry-After into RateLimitedError, as the contract treats throttling', async () => {
      expect(await failure({ status: 503, headers: { 'retry-after': '1' }, body: 'busy' })).toMatchObject({
        constructor: RateLimitedError,
        retryAfterMs: 1_000,
      });
    });

    it('turns a 5xx with an HTML body, or a JSON error without a known code, into TransientError', async () => {
      expect(await failure({ status: 502, body: '<html>Bad Gateway</html>' })).toBeInstanceOf(TransientError);
      expect(await failure({ status: 500, body: { errors: [{ message: 'boom', extensions: { code: 'SOMETHING' } }] } })).toBeInstanceOf(TransientError);
    });

    it('turns a 200 whose body is not JSON into TransientError', async () => {
      const error = await failure({ status: 200, body: '<html>captive portal</html>' });
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toContain('not JSON');
    });

    it('turns a 401 without a GraphQL body into UnauthenticatedError', async () => {
      expect(await failure({ status: 401, body: 'Unauthorized' })).toBeInstanceOf(UnauthenticatedError);
    });

    it('turns a 404 that is not a GraphQL answer into ContractViolationError naming the endpoint', async () => {
      const error = await failure({ status: 404, body: { error: 'no route /graphql' } });
      expect(error).toBeInstanceOf(ContractViolationError);
      expect(error.message).toContain('/graphql');
    });

    it('turns a dropped connection into TransientError', async () => {
      expect(await failure({ drop: true })).toBeInstanceOf(TransientError);
    });

    it('turns a refused connection into TransientError naming the cause', async () => {
      const port = await freePort();
      client = new GraphqlClient({ url: `http://127.0.0.1:${port}` });
      const error = await client.request(whoAmI).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toContain('ECONNREFUSED');
    });

    it('turns an answer that does not come within timeoutMs (on its clock) into TransientError', async () => {
      const clock = new ManualClock(0);
      const made = await answering({ hang: true }, 200, clock);
      const failing = made.request(whoAmI).catch((caught: Error) => caught);
      await clock.whenSleeping();
      expect(clock.sleeps).toEqual([200]);
      clock.advance(200);
      const error = await failing;
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toContain('no answer within 200 ms');
    });

    it('cancels the timeout once the answer has come', async () => {
      const clock = new ManualClock(0);
      const made = await answering({ body: { data: { ok: true } } }, 200, clock);
      expect(await made.request(whoAmI)).toEqual({ ok: true });
      expect(clock.sleeps).toEqual([200]);
      expect(clock.pendingSleeps).toBe(0);
    });
  });

  describe('answers that break the GraphQL contract', () => {
    it('refuses an answer with neither data nor errors', async () => {
      expect(await failure({ body: { hello: 'world' } })).toMatchObject({ constructor: ContractViolationError, details: { where: 'WhoAmI' } });
    });

    it('refuses errors that are not a list, or an error without a message', async () => {
      expect(await failure({ body: { errors: { message: 'x' } } })).toMatchObject({ constructor: ContractViolationError, details: { where: 'WhoAmI.errors' } });
      expect(await failure({ body: { errors: [{ code: 'X' }] } })).toMatchObject({
        constructor: ContractViolationError,
        details: { where: 'WhoAmI.errors[0]' },
      });
    });
  });

  describe('HTTPS', () => {
    const tls = selfSignedCertificate();

    it('trusts the bridge whose certificate its undici fetch is given as ca', async () => {
      server = await startCannedGraphqlServer(() => ({ body: { data: { whoAmI: { userId: 'u1' } } } }), tls);
      client = new GraphqlClient({ url: server.url, fetch: undiciFetch({ ca: tls.cert }) });
      await expect(client.request(whoAmI)).resolves.toEqual({ whoAmI: { userId: 'u1' } });
    });

    it('refuses, with the platform fetch, a certificate it was not told to trust, as a TransientError naming the TLS failure', async () => {
      server = await startCannedGraphqlServer(() => ({ body: { data: {} } }), tls);
      client = new GraphqlClient({ url: server.url });
      const error = await client.request(whoAmI).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toMatch(/certificate/i);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
