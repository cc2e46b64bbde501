import { describeEachBridgeStore } from '@fieldsync/bridge-store/testing';
import { createBridgeTestBed, type BridgeTestBed } from '../testing/bridge-test-bed';
import { redisServerAvailable, startTestRedis, type TestRedis } from '../testing/start-test-redis';

const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
/** CI installs redis-server (.ci/run); elsewhere the suite is skipped without it, and says so. */
const describeWithRedis = redisServerAvailable() || inCi ? describe : describe.skip;
const skipped = redisServerAvailable() || inCi ? '' : ' [skipped: no redis-server; apt-get install redis-server, or set REDIS_SERVER]';

/** The events of a `fleetEvents` subscription read as server-sent events, one `next` at a time. */
async function subscribe(bed: BridgeTestBed, token: string) {
  const response = await fetch(`${bed.bridge.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'subscription { fleetEvents { kind deviceId } }' }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next(): Promise<unknown> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (block.startsWith('event: next') && data) return JSON.parse(data.slice(5));
          continue;
        }
        const { done, value } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffered += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel(),
  };
}

describeWithRedis(`fleet events through Redis${skipped}`, () => {
  describeEachBridgeStore(
    'two bridges on one $name database',
    (backend) => {
      let redis: TestRedis;
      let a: BridgeTestBed;
      let b: BridgeTestBed;

      beforeAll(async () => {
        await backend.start();
        redis = await startTestRedis();
      });
      afterAll(async () => {
        await redis?.stop();
        await backend.stop();
      });
      beforeEach(async () => {
        const url = await backend.freshUrl();
        a = await createBridgeTestBed(url, { redisUrl: redis.url });
        b = await createBridgeTestBed(url, { redisUrl: redis.url });
      });
      afterEach(async () => {
        await a.close();
        await b.close();
      });

      it("shows an admin on bridge B what a device does on bridge A, once, and A's own admin too", async () => {
        const onB = await subscribe(b, await b.admin());
        const onA = await subscribe(a, await a.admin());
        // Both bridges' subscriptions reach Redis before the device acts (a SUBSCRIBE is asynchronous).
        await redis.waitForSubscribers('fleet', 2);
        await a.device('alice', 'redis-phone');
        await a.gql(`mutation { lockDevice(deviceId: "redis-phone") { userErrors { code } } }`, {}, await a.admin());
        const expected = [
          { data: { fleetEvents: { kind: 'registered', deviceId: 'redis-phone' } } },
          { data: { fleetEvents: { kind: 'commandIssued', deviceId: 'redis-phone' } } },
        ];
        expect([await onB.next(), await onB.next()]).toEqual(expected);
        expect([await onA.next(), await onA.next()]).toEqual(expected);
        // The device is on B's page too: one database.
        const seen = await b.gql(`{ device(deviceId: "redis-phone") { state } }`, {}, await b.admin());
        expect(seen.data.device).toEqual({ state: 'locked' });
        await onA.close();
        await onB.close();
      });
    },
    { only: 'postgres' },
  );
});
