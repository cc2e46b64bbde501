import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo, type CapturedIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/** A running `device watch`: its output so far, a wait for a line, Ctrl+C, and its exit code. */
interface Watch {
  readonly io: CapturedIo;
  /** Resolves with the output once it matches `pattern` (checked at every write, never on a timer). */
  until(pattern: RegExp): Promise<string>;
  readonly exit: Promise<number>;
}

/**
 * `fieldsync device watch` against a real bridge over loopback: the reference client runs the
 * scheduler in the foreground, and Ctrl+C pauses it cleanly for the next watch to resume.
 */
describe('fieldsync device watch through the bridge', () => {
  let bed: BridgeTestBed;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-watch-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
  });

  afterEach(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  function watch(db: string): Watch {
    const captured = captureIo(dir);
    const waiters: Array<{ pattern: RegExp; resolve: (text: string) => void }> = [];
    const check = () => {
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(captured.stdout())) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(captured.stdout());
        }
      }
    };
    const io: CapturedIo = {
      ...captured,
      out: (text) => {
        captured.out(text);
        check();
      },
    };
    const exit = runCli(['device', 'watch', '--db', db], io);
    return {
      io,
      exit,
      until: (pattern) =>
        new Promise((resolve, reject) => {
          waiters.push({ pattern, resolve });
          check();
          exit.then(() => reject(new Error(`device watch ended before ${pattern}: ${captured.stdout()}${captured.stderr()}`)), reject);
        }),
    };
  }

  it("runs a new device's initial sync, then the next day's sync; Ctrl+C pauses it and the next watch resumes the same run", async () => {
    expect((await cli('device', 'login', '--bridge', bed.bridge.url, '--db', 'alice.db', '--user', 'alice', '--password', 'demo')).code).toBe(0);
    const memoryFile = path.join(dir, 'alice.db.scheduler.json');

    const first = watch('alice.db');
    const output = await first.until(/idle, current as of/);
    expect(output).toMatch(/guarded \(initial-sync-required\)/);
    expect(output).toMatch(/syncing \(initial\): download/);
    first.io.interrupt();
    expect(await first.exit).toBe(0);
    expect(first.io.stdout()).toMatch(/Stopped: idle, current as of/);
    const memory = JSON.parse(readFileSync(memoryFile, 'utf8'));
    expect(memory).toMatchObject({ initialSyncDone: true, lastDailySyncDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(memory.unfinished).toBeUndefined();

    // The next day: the day's non-blocking sync starts with the watch; Ctrl+C as soon as it runs.
    writeFileSync(memoryFile, JSON.stringify({ ...memory, lastDailySyncDay: '2000-01-01' }));
    const second = watch('alice.db');
    const started = await second.until(/syncing \(daily, run ([0-9a-f]{8})\)/);
    const runId = /syncing \(daily, run ([0-9a-f]{8})\)/.exec(started)![1];
    second.io.interrupt();
    expect(await second.exit).toBe(0);
    expect(second.io.stdout()).toMatch(new RegExp(`Stopped: paused since \\S+ UTC \\(run ${runId}\\)`));
    expect(JSON.parse(readFileSync(memoryFile, 'utf8')).unfinished).toMatchObject({ pausedAt: expect.any(Number), attempts: 1 });

    const third = watch('alice.db');
    const resumed = await third.until(/idle, current as of/);
    expect(resumed).toMatch(new RegExp(`syncing \\(daily, run ${runId}\\)`));
    third.io.interrupt();
    expect(await third.exit).toBe(0);
    const after = JSON.parse(readFileSync(memoryFile, 'utf8'));
    expect(after.unfinished).toBeUndefined();
    expect(after.lastDailySyncDay).not.toBe('2000-01-01');

    const status = JSON.parse((await cli('device', 'status', '--db', 'alice.db', '--json')).out);
    expect(status).toMatchObject({ initialized: true, pendingChanges: 0, lastSync: { result: 'ok' } });
  });
});
