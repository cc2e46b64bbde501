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

  function watch(db: string, ...extra: string[]): Watch {
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
    const exit = runCli(['device', 'watch', '--db', db, ...extra], io);
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

  it("shows syncing, then updates available after the day's non-blocking sync; device apply swaps them in and the state is up to date; --apply-updates applies by itself", async () => {
    expect((await cli('device', 'login', '--bridge', bed.bridge.url, '--db', 'alice.db', '--user', 'alice', '--password', 'demo')).code).toBe(0);
    const memoryFile = path.join(dir, 'alice.db.scheduler.json');
    const first = watch('alice.db');
    await first.until(/idle, current as of/);
    first.io.interrupt();
    expect(await first.exit).toBe(0);
    const serverChange = async (title: string) => {
      const contacts = await bed.crm.readFull(await bed.crm.principalOf((await bed.crm.findUserByName('alice'))!.id), { entity: 'contact', limit: 3 });
      for (const contact of contacts.records) await bed.crm.updateAsSystem('contact', contact.id, { jobtitle: title });
    };

    // The next day: the non-blocking sync stages the server's changes and waits for Apply Update.
    await serverChange('Staged by watch');
    const memory = JSON.parse(readFileSync(memoryFile, 'utf8'));
    writeFileSync(memoryFile, JSON.stringify({ ...memory, lastDailySyncDay: '2000-01-01' }));
    const second = watch('alice.db');
    const staged = await second.until(/state: updates available \(fresh, received \S+\): 3 changed, 0 removed/);
    expect(staged).toMatch(/state: up to date, current as of/);
    expect(staged.indexOf('state: up to date')).toBeLessThan(staged.indexOf('state: updates available'));
    second.io.interrupt();
    expect(await second.exit).toBe(0);
    const waiting = await cli('device', 'status', '--db', 'alice.db');
    expect(waiting.out).toMatch(/state: updates available \(fresh, received \S+\): 3 changed, 0 removed; run fieldsync device apply/);
    const applied = await cli('device', 'apply', '--db', 'alice.db');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Applied the update received \S+ to .*: 3 changed, 0 removed/);
    expect(applied.out).toMatch(/^up to date, current as of /m);
    expect(JSON.parse((await cli('device', 'status', '--db', 'alice.db', '--json')).out).state).toEqual({ kind: 'up-to-date' });
    const again = await cli('device', 'apply', '--db', 'alice.db');
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/NO_STAGED_UPDATE/);

    // With --apply-updates the watch applies as the updates arrive.
    await serverChange('Applied by watch');
    writeFileSync(memoryFile, JSON.stringify({ ...JSON.parse(readFileSync(memoryFile, 'utf8')), lastDailySyncDay: '2000-01-01' }));
    const third = watch('alice.db', '--apply-updates');
    const lines = await third.until(/state: updates available[^\n]*\n(.*\n)*.*state: up to date/);
    expect(lines).toMatch(/state: syncing: /);
    third.io.interrupt();
    expect(await third.exit).toBe(0);
    const titles = JSON.parse((await cli('device', 'records', 'list', 'contact', '--db', 'alice.db', '--limit', '1000', '--json')).out) as Array<{
      fields: { jobtitle?: string };
    }>;
    expect(titles.filter((contact) => contact.fields.jobtitle === 'Applied by watch')).toHaveLength(3);
  });
});
