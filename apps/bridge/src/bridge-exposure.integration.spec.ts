import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createBridgeTestBed } from './testing/bridge-test-bed';

describe('what the bridge shows to anyone who reaches it', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-exposure-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz with a fixed text and a 503 when the state fails, and logs the cause', async () => {
    const sink = new PassThrough();
    let log = '';
    sink.setEncoding('utf8').on('data', (chunk: string) => void (log += chunk));
    const bed = await createBridgeTestBed(':memory:', { logLevel: 'info', logDestination: sink });
    try {
      expect((await fetch(`${bed.bridge.url}/healthz`)).status).toBe(200);
      // The state goes away under the bridge: its driver's own message must not reach the caller.
      await bed.bridge.state.close();
      const answer = await fetch(`${bed.bridge.url}/healthz`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ status: 'unavailable', error: 'a dependency of the bridge failed; see the bridge log' });
      const failure = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event?: string; err?: { message?: string } })
        .find((line) => line.event === 'health.failed');
      expect(failure?.err?.message).toEqual(expect.any(String));
      expect(failure?.err?.message).not.toBe('');
    } finally {
      await bed.close();
    }
  });
});
