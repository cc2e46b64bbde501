import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';

/** A raw GET (fetch would normalise `..` out of the path). */
function rawGet(
  url: string,
  pathname: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const sent = request({ host: target.hostname, port: target.port, path: pathname, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** A server-sent events body being read: `next(count)` answers the data of the next `count` `next` events. */
interface EventReader {
  next(count: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Starts reading server-sent events from `body`; resolves once the first bytes (yoga's opening ping) came. */
async function openEvents(body: ReadableStream<Uint8Array>): Promise<EventReader> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const first = await reader.read();
  if (!first.done) buffered += decoder.decode(first.value, { stream: true });
  const take = (): unknown | undefined => {
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (block.startsWith('event: next') && data) return JSON.parse(data.slice(5));
    }
    return undefined;
  };
  return {
    async next(count) {
      const events: unknown[] = [];
      while (events.length < count) {
        const event = take();
        if (event !== undefined) {
          events.push(event);
          continue;
        }
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
      }
      return events;
    },
    close: () => reader.cancel(),
  };
}

/** How the bridge serves the admin console: its files at /console, before and after it is built, and its live fleet events. */
describe('the bridge serving the admin console', () => {
  let dir: string;
  let consoleDir: string;
  let bed: BridgeTestBed;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-console-files-'));
    consoleDir = path.join(dir, 'dist');
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { consoleDir });
  });

  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 saying to run npm run build while the console is not built', async () => {
    const answer = await rawGet(bed.bridge.url, '/console/devices/abc');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.body).toMatch(/The admin console is not built .*run `npm run build`/);
  });

  it('serves the built files with strict headers, index.html for deep links, and nothing outside its folder', async () => {
    mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(consoleDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');

    const deep = await rawGet(bed.bridge.url, '/console/devices/5b0f4c7e-0000-4000-8000-0000000c0501');
    expect(deep.status).toBe(200);
    expect(deep.body).toBe('<!doctype html><title>console</title>');
    expect(deep.headers['content-security-policy']).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(deep.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(deep.headers['x-content-type-options']).toBe('nosniff');
    expect(deep.headers['x-frame-options']).toBe('DENY');

    const script = await rawGet(bed.bridge.url, '/console/assets/index-abc.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log(1)');

    expect((await rawGet(bed.bridge.url, '/console/assets/index-old.js')).status).toBe(404);
    const escaped = await rawGet(bed.bridge.url, '/console/..%2Fsecret.txt');
    expect(escaped.status).toBe(404);
    expect(escaped.body).not.toContain('not for the web');
    expect((await rawGet(bed.bridge.url, '/console')).headers.location).toBe('/console/');
    expect((await rawGet(bed.bridge.url, '/console/', 'POST')).status).toBe(405);
  });

  it('streams fleet events to an admin subscription as server-sent events, and refuses a device session', async () => {
    const subscribe = (token: string) =>
      fetch(`${bed.bridge.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'subscription { fleetEvents { kind deviceId at } }' }),
      });
    const device = await bed.device('alice', 'events-phone');
    const refused = await subscribe(device);
    const refusal = await openEvents(refused.body!);
    expect(await refusal.next(1)).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] }]);

    const live = await subscribe(await bed.admin());
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // The bridge listens from the first bytes on (the subscription is pulled as soon as its ping went out).
    const heard = await openEvents(live.body!);
    const admin = await bed.admin();
    await bed.gql(`mutation { lockDevice(deviceId: "events-phone") { userErrors { code } } }`, {}, admin);
    await bed.gql(`mutation { deviceControl { state } }`, {}, device);
    const at = new Date(bed.clock.now()).toISOString();
    expect(await heard.next(2)).toEqual([
      { data: { fleetEvents: { kind: 'commandIssued', deviceId: 'events-phone', at } } },
      { data: { fleetEvents: { kind: 'commandDelivered', deviceId: 'events-phone', at } } },
    ]);
    await heard.close();
    await refusal.close();
  });
});
