import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openCrmStore, type CrmStore, type Principal } from '@fieldsync/crm-store';
import { canonicalJson, type CrmRecord, type FieldValue } from '@fieldsync/model';
import { openLocalDatabase, readDeviceSchema, type DeviceStatus, type LocalDatabase } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { captureIo } from '../cli/capture-io';
import { buildKillChild, type KillChild } from '../testing/build-kill-child';
import type { KillPlan } from '../testing/kill-at-sync-point';
import { runCli } from '../cli/run-cli';

/**
 * Kills `fieldsync device sync` with SIGKILL at planned points of its upload, its download and its
 * steps, and `fieldsync device apply` (Apply Update of a staged sync) inside its transaction, again and
 * again, with local edits (through sync-core's LocalDatabase, in-process) and server edits (through
 * crm-store) in between; then checks that no local change was lost, that the device database is
 * intact, and that one uninterrupted sync leaves the device equal to what alice may read on the server.
 *
 * Each kill is cheap (decision 184): the killed process is a prebuilt bundle of the kill child (no
 * TypeScript compiled per process), the CRM and a synced device are seeded once and copied, the syncs
 * that are not killed (a staged sync before an apply, the final sync) and every check run in-process.
 *
 * The kill points (a named sync point and its occurrence, reached through the engine's test hook) and
 * the edits come from a seeded PRNG, so the runs and the verdict are the same on any machine: a failure
 * names its seed; rerun it with FIELDSYNC_CRASH_SEED=<seed>.
 */

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');
const SEED = Number(process.env.FIELDSYNC_CRASH_SEED ?? 20_261_123);
/** Syncs killed before they finished, at least. */
const KILLS = 200;
/** Kills that must land in each of the upload, the download and Apply Update. */
const KILLS_PER_STEP = 40;
const MAX_RUNS = 400;

/** mulberry32: a small seeded PRNG, good enough to pick delays and edits reproducibly. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

type Step = 'upload' | 'download' | 'anywhere' | 'apply';

interface SyncRun {
  /** Where the sync was killed (the step of its planned point), `completed` when it ended by itself. */
  readonly outcome: 'upload' | 'download' | 'step' | 'apply' | 'completed';
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The points of the upload and of the download a kill may be planned at (see `SyncPointName`). */
const UPLOAD_POINTS = ['upload-marked', 'upload-marked-ahead', 'upload-answered', 'upload-applying'] as const;
const DOWNLOAD_POINTS = ['download-writing', 'download-written', 'download-ending'] as const;
/** Steps whose start a kill may be planned at. */
const STEP_POINTS = ['control', 'prepare', 'upload', 'analyze', 'download', 'cleanup'] as const;

/**
 * Spawns the real CLI. With a plan, it runs through the bundled `kill-at-sync-point`, which kills the
 * process with SIGKILL the `occurrence`-th time the sync reaches the planned point: where a kill lands
 * depends on the seed and the data only, never on the machine's speed.
 */
function runSync(cwd: string, killChild: KillChild, args: readonly string[], plan?: KillPlan, command: 'sync' | 'apply' = 'sync'): Promise<SyncRun> {
  return new Promise((resolve, reject) => {
    const argv = plan ? [killChild.file, JSON.stringify(plan), 'device', command, ...args] : [bin, 'device', command, ...args];
    const child = spawn(process.execPath, argv, { cwd, env: killChild.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const killed = signal === 'SIGKILL' && plan !== undefined && /^killed at /m.test(stdout);
      const outcome: SyncRun['outcome'] = !killed
        ? 'completed'
        : plan.name === 'step'
          ? 'step'
          : plan.name === 'apply-swapped'
            ? 'apply'
            : plan.name.startsWith('upload')
              ? 'upload'
              : 'download';
      if (signal !== null && !killed) stderr += `\n(ended by ${signal} without reaching its kill point)`;
      resolve({ outcome, code, stdout, stderr });
    });
  });
}

/** The expected server values of one record, field by field, and who last set each. */
interface Expected {
  readonly entity: string;
  readonly id: string;
  /** Fields the device set (creates and updates), to find on the server with these values. */
  readonly device: Record<string, FieldValue>;
  /** Fields the server set (updateAsSystem), never touched by the device. */
  readonly server: Record<string, FieldValue>;
  /** Deleted on the device: must be gone from the server. */
  deleted: boolean;
}

/** A checksum of records: sorted by id, each id, version and canonical fields JSON hashed. */
function checksum(records: readonly CrmRecord[]): string {
  const hash = createHash('sha256');
  for (const record of [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    hash.update(`${record.id}\t${record.version ?? ''}\t${canonicalJson(record.fields)}\n`);
  }
  return hash.digest('hex');
}

/** What differs between two record lists, for a failure message. */
function describeDifference(device: readonly CrmRecord[], server: readonly CrmRecord[]): string {
  const byId = (records: readonly CrmRecord[]) => new Map(records.map((record) => [record.id, record]));
  const local = byId(device);
  const remote = byId(server);
  const onlyDevice = [...local.keys()].filter((id) => !remote.has(id));
  const onlyServer = [...remote.keys()].filter((id) => !local.has(id));
  const differing = [...local.keys()]
    .filter(
      (id) =>
        remote.has(id) &&
        canonicalJson({ v: local.get(id)!.version, f: local.get(id)!.fields }) !== canonicalJson({ v: remote.get(id)!.version, f: remote.get(id)!.fields }),
    )
    .slice(0, 3)
    .map((id) => `  device ${canonicalJson(local.get(id))}\n  server ${canonicalJson(remote.get(id))}`);
  return `only on the device: ${onlyDevice.slice(0, 5).join(', ') || '-'} (${onlyDevice.length}); only on the server: ${onlyServer.slice(0, 5).join(', ') || '-'} (${onlyServer.length}); differing:\n${differing.join('\n')}`;
}

/** How a crash scenario shares records between the device's edits and the server's. */
interface ScenarioOptions {
  /**
   * `true`: the server edits (other fields of) records the device changes too, so uploads meet
   * conflicts that the entity's policy (FieldMerge) settles. `false`: device and server edit disjoint
   * records, so no upload ever conflicts.
   */
  readonly sharedRecords: boolean;
}

/** What a scenario found; `problems` is empty when the device came through every kill intact. */
interface ScenarioReport {
  readonly problems: readonly string[];
  readonly counts: Readonly<Record<SyncRun['outcome'], number>>;
  readonly edited: number;
  readonly seconds: number;
}

/**
 * Runs the kill loop on the CRM file `crm` and a new device in `dir`, then the final uninterrupted
 * sync, then every check, collecting all the problems found (with the seed and the last runs).
 */
async function runCrashScenario(dir: string, crm: string, customization: string, killChild: KillChild, options: ScenarioOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const db = path.join(dir, 'alice.db');
  const random = createRandom(SEED);
  const trace: string[] = [];
  const problems: string[] = [];
  const context = () => `seed ${SEED}; last runs:\n${trace.slice(-12).join('\n')}`;
  const args = ['--db', db, '--crm', crm, '--user', 'alice', '--customization', customization];
  /** A sync that is not killed, run in-process through the CLI (no process to start). */
  const syncInProcess = async (...extra: string[]): Promise<{ code: number; stderr: string; stdout: string }> => {
    const io = captureIo(dir);
    const code = await runCli(['device', 'sync', ...args, ...extra], io);
    return { code, stderr: io.stderr(), stdout: io.stdout() };
  };
  /** Opens the device database in-process (recovering the WAL a killed process left) for `work`, and closes it. */
  const withDevice = async <T>(work: (local: LocalDatabase) => Promise<T>): Promise<T> => {
    const file = await openDeviceDatabase(db);
    try {
      return await work(await openLocalDatabase({ db: file }));
    } finally {
      await file.destroy();
    }
  };
  const expected = new Map<string, Expected>();
  const expectedOf = (entity: string, id: string): Expected => {
    const key = `${entity}:${id}`;
    const found = expected.get(key) ?? { entity, id, device: {}, server: {}, deleted: false };
    expected.set(key, found);
    return found;
  };

  const store: CrmStore = await openCrmStore({ file: crm });
  try {
    const alice = (await store.findUserByName('alice'))!;
    const principal: Principal = await store.principalOf(alice.id);
    const serverRecords = async (entity: string, fields?: readonly string[]): Promise<CrmRecord[]> => {
      const records: CrmRecord[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.readFull(principal, { entity, limit: 1000, ...(fields ? { fields } : {}), ...(afterId ? { afterId } : {}) });
        records.push(...page.records);
        if (page.done) return records;
        afterId = page.lastId;
      }
    };
    const ownedByAlice = (record: CrmRecord) => (record.fields.ownerid as { id?: string } | null)?.id === alice.id;
    // With disjoint records, the server edits the seeded records whose id starts with 8-f, the device the others and its own.
    const serverSide = (record: CrmRecord) => /^[89a-f]/.test(record.id);
    const deviceMayEdit = (record: CrmRecord) => options.sharedRecords || !serverSide(record) || expected.has(`${record.entity}:${record.id}`);
    const serverMayEdit = (record: CrmRecord) => options.sharedRecords || (serverSide(record) && !expected.get(`${record.entity}:${record.id}`)?.device);
    // As `fieldsync device records list --json` prints them (the JSON the CLI's users see).
    const deviceRecords = async (local: LocalDatabase, entity: string) =>
      JSON.parse(JSON.stringify(await local.records.list(entity, { limit: 1_000_000 }))) as CrmRecord[];
    const integrity = async (local: LocalDatabase, when: string) => {
      // openDeviceDatabase recovers the WAL the killed process left and runs a quick_check; this is the full check.
      const rows = (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(local.db)).rows;
      if (rows.length !== 1 || rows[0].integrity_check !== 'ok') problems.push(`integrity_check ${when}: ${JSON.stringify(rows)}`);
    };

    /** Device edits through sync-core's LocalDatabase: creates and updates of alice's accounts, contacts and tasks, some deletes. */
    const editOnDevice = async (local: LocalDatabase, run: number, operations: number) => {
      const accounts = (await deviceRecords(local, 'account')).filter((record) => ownedByAlice(record) && deviceMayEdit(record));
      const contacts = (await deviceRecords(local, 'contact')).filter((record) => ownedByAlice(record) && deviceMayEdit(record));
      for (let n = 0; n < operations; n += 1) {
        const tag = `r${run}o${n}`;
        const what = random.int(0, 9);
        if (what <= 1 || accounts.length === 0) {
          const fields = { name: `Crash test ${tag}`, telephone1: `+1 555 ${tag}`, numberofemployees: random.int(1, 5000) };
          const id = await local.records.create('account', fields);
          Object.assign(expectedOf('account', id).device, fields);
          accounts.push({ entity: 'account', id, fields: { ...fields, ownerid: { entity: 'systemuser', id: alice.id } } });
        } else if (what <= 3) {
          // A contact under an account that may exist on the device alone: the upload must send the account first.
          const parent = random.pick(accounts);
          const fields = { lastname: `Crash ${tag}`, telephone1: `+1 556 ${tag}`, parentcustomerid: { entity: 'account', id: parent.id } };
          const id = await local.records.create('contact', fields);
          Object.assign(expectedOf('contact', id).device, fields);
          contacts.push({ entity: 'contact', id, fields: { ...fields, ownerid: { entity: 'systemuser', id: alice.id } } });
        } else if (what <= 5) {
          const account = random.pick(accounts);
          const fields = { telephone1: `+1 557 ${tag}`, numberofemployees: random.int(1, 5000) };
          await local.records.update('account', account.id, fields);
          Object.assign(expectedOf('account', account.id).device, fields);
        } else if (what <= 7 && contacts.length > 0) {
          const contact = random.pick(contacts);
          await local.records.update('contact', contact.id, { telephone1: `+1 558 ${tag}` });
          Object.assign(expectedOf('contact', contact.id).device, { telephone1: `+1 558 ${tag}` });
        } else {
          const id = await local.records.create('task', { subject: `Crash task ${tag}` });
          Object.assign(expectedOf('task', id).device, { subject: `Crash task ${tag}` });
          if (random.chance(0.4)) {
            await local.records.delete('task', id);
            expectedOf('task', id).deleted = true;
          }
        }
      }
    };

    /** Server edits through crm-store: fields the device never writes (address1_city, jobtitle); deletes of tasks the device never touched. */
    const editOnServer = async (run: number) => {
      const accounts = (await serverRecords('account')).filter((record) => ownedByAlice(record) && serverMayEdit(record));
      for (let n = random.int(1, 3); n > 0 && accounts.length > 0; n -= 1) {
        const account = random.pick(accounts);
        await store.updateAsSystem('account', account.id, { address1_city: `Server city ${run}.${n}` });
        expectedOf('account', account.id).server.address1_city = `Server city ${run}.${n}`;
      }
      const contacts = (await serverRecords('contact')).filter((record) => ownedByAlice(record) && serverMayEdit(record));
      if (contacts.length > 0) {
        const contact = random.pick(contacts);
        await store.updateAsSystem('contact', contact.id, { jobtitle: `Server title ${run}` });
        expectedOf('contact', contact.id).server.jobtitle = `Server title ${run}`;
      }
      if (random.chance(0.3)) {
        const untouched = (await serverRecords('task')).filter((task) => ownedByAlice(task) && !expected.has(`task:${task.id}`));
        if (untouched.length > 0) await store.deleteAsSystem('task', random.pick(untouched).id);
      }
    };

    const counts = { upload: 0, download: 0, step: 0, apply: 0, completed: 0 };
    const kills = () => counts.upload + counts.download + counts.step + counts.apply;
    /**
     * A non-blocking sync stages the server's changes (in-process: it is not the one killed); the
     * device edits while they wait; then Apply Update runs and is killed inside its transaction after
     * a planned entity's swap (or, now and then, runs to its end). A killed apply must leave nothing
     * applied: the update still waits and the device's records are as before the apply.
     */
    const applyRun = async (run: number) => {
      await editOnServer(run);
      const staged = await syncInProcess('--staged');
      if (staged.code !== 0) problems.push(`run ${run}: the staged sync exited ${staged.code}: ${staged.stderr}`);
      const waiting = await withDevice(async (local) => {
        await integrity(local, `after the staged sync of run ${run}`);
        await editOnDevice(local, run, random.int(1, 6));
        const status: DeviceStatus = await local.status();
        const before = { account: checksum(await deviceRecords(local, 'account')), contact: checksum(await deviceRecords(local, 'contact')) };
        return { updates: status.updates, before };
      });
      const updates = waiting.updates;
      if (!updates) {
        trace.push(`run ${run}: staged sync brought nothing to apply`);
        return;
      }
      const plan: KillPlan | undefined = random.chance(0.85) ? { name: 'apply-swapped', occurrence: random.int(1, updates.counts.entities) } : undefined;
      const result = await runSync(dir, killChild, args, plan, 'apply');
      counts[result.outcome] += 1;
      trace.push(`run ${run}: apply${plan ? ` kill at apply-swapped #${plan.occurrence} of ${updates.counts.entities}` : ''} -> ${result.outcome}`);
      if (result.outcome === 'completed') {
        if (result.code !== 0) problems.push(`run ${run}: an apply that reached no kill point exited ${result.code}: ${result.stderr}`);
        return;
      }
      await withDevice(async (local) => {
        await integrity(local, `after the apply of run ${run}`);
        const after = await local.status();
        if (after.updates?.receivedAt !== updates.receivedAt) problems.push(`run ${run}: a killed apply left no update waiting (half-applied?)`);
        for (const entity of ['account', 'contact'] as const) {
          if (checksum(await deviceRecords(local, entity)) !== waiting.before[entity])
            problems.push(`run ${run}: a killed apply changed the device's ${entity} records`);
        }
      });
    };

    for (
      let run = 0;
      run < MAX_RUNS && (kills() < KILLS || counts.upload < KILLS_PER_STEP || counts.download < KILLS_PER_STEP || counts.apply < KILLS_PER_STEP);
      run += 1
    ) {
      if (run > 0 && counts.apply < KILLS_PER_STEP && random.chance(0.3)) {
        await applyRun(run);
        continue;
      }
      const step: Step =
        run === 0
          ? 'download'
          : counts.upload <= counts.download
            ? random.chance(0.75)
              ? 'upload'
              : 'anywhere'
            : random.chance(0.75)
              ? 'download'
              : 'anywhere';
      // The device as the last killed process left it: intact, then edited.
      await withDevice(async (local) => {
        await integrity(local, `before run ${run}`);
        if (run > 0) await editOnDevice(local, run, step === 'upload' ? random.int(5, 12) : random.int(0, 3));
      });
      if (run > 0 && random.chance(0.4)) await editOnServer(run);
      const full = step === 'download' && random.chance(0.7);
      // Occurrences the sync reaches: upload batches, a few per run (5-12 edits, 3 per batch); download
      // slices, one per page of 20 in a full download, one per entity an incremental one reads; the end of
      // an entity's download, once per entity (9).
      const downloadPoint = random.pick(DOWNLOAD_POINTS);
      const plan: KillPlan =
        step === 'upload'
          ? { name: random.pick(UPLOAD_POINTS), occurrence: random.int(1, 2) }
          : step === 'download'
            ? { name: downloadPoint, occurrence: random.int(1, full ? (downloadPoint === 'download-ending' ? 9 : 60) : 2) }
            : { name: 'step', step: random.pick(STEP_POINTS), occurrence: 1 };
      const result = await runSync(dir, killChild, [...args, ...(full ? ['--full'] : [])], plan);
      const where = `${plan.name}${plan.step ? `:${plan.step}` : ''} #${plan.occurrence}`;
      counts[result.outcome] += 1;
      if (process.env.FIELDSYNC_CRASH_DEBUG) process.stderr.write(`device crash run ${run}: kill at ${where} -> ${result.outcome} ${JSON.stringify(counts)}\n`);
      trace.push(
        `run ${run}: ${step}${full ? ' --full' : ''} kill at ${where} -> ${result.outcome}${result.outcome === 'completed' ? ` (exit ${result.code})` : ''}`,
      );
      if (result.outcome === 'completed' && result.code !== 0)
        problems.push(`run ${run}: a sync that reached no kill point exited ${result.code}: ${result.stderr}`);
    }
    trace.push(`kills: ${JSON.stringify(counts)}`);

    const final = await syncInProcess();
    if (final.code !== 0) problems.push(`the final sync exited ${final.code}: ${final.stderr}\n${final.stdout}`);

    const deviceState = await withDevice(async (local) => {
      await integrity(local, 'after the final sync');
      const status = await local.status();
      const errors = status.syncErrors > 0 ? JSON.stringify(await local.errors()) : '';
      const schema = await readDeviceSchema(local.db);
      const records = new Map<string, CrmRecord[]>();
      for (const entity of schema?.entities ?? []) records.set(entity.name, await deviceRecords(local, entity.name));
      return { status, errors, schema, records };
    });
    const { status, schema } = deviceState;
    if (status.pendingChanges !== 0 || status.syncErrors !== 0) {
      problems.push(`after the final sync: ${status.pendingChanges} pending changes, ${status.syncErrors} sync errors:\n${deviceState.errors}`);
    }
    // No change lost: every record the device created or changed is on the server with the device's
    // values (and the server's own edits are still there).
    for (const [key, want] of expected) {
      const record = await store.getAsSystem(want.entity, want.id);
      if (want.deleted) {
        if (record) problems.push(`${key}: deleted on the device but still on the server`);
        continue;
      }
      if (!record) {
        problems.push(`${key}: created on the device but not on the server`);
        continue;
      }
      for (const [field, value] of Object.entries({ ...want.server, ...want.device })) {
        if (canonicalJson(record.fields[field] ?? null) !== canonicalJson(value)) {
          problems.push(
            `${key}.${field}: the server has ${canonicalJson(record.fields[field] ?? null)}, expected ${canonicalJson(value)} (set by the ${field in want.device ? 'device' : 'server'})`,
          );
        }
      }
    }

    // The device holds exactly what alice may read on the server, entity by entity.
    if (schema?.entities.length !== 9) problems.push(`the device synchronises ${schema?.entities.length ?? 0} entities, not 9`);
    const visible = new Map<string, CrmRecord[]>();
    for (const entity of schema?.entities ?? [])
      visible.set(
        entity.name,
        await serverRecords(
          entity.name,
          entity.fields.map((field) => field.name),
        ),
      );
    const visibleIds = new Map([...visible].map(([name, records]) => [name, new Set(records.map((record) => record.id))]));
    for (const entity of schema?.entities ?? []) {
      const device = deviceState.records.get(entity.name)!;
      let server = visible.get(entity.name)!;
      if (entity.kind === 'child') {
        // sync-core's cleanup removes rows of a `child` entity whose parent is not on the device, even
        // when the server lets the user read them (crm-store makes quotedetail readable org-wide while
        // quotes are not): the device's view of such an entity is the readable rows under readable parents.
        const parents = entity.fields.filter((field) => field.parent && field.type === 'lookup');
        server = server.filter((record) =>
          parents.every((field) => {
            const ref = record.fields[field.name] as { entity: string; id: string } | null;
            return !ref || !visibleIds.has(ref.entity) || visibleIds.get(ref.entity)!.has(ref.id);
          }),
        );
      }
      if (checksum(device) !== checksum(server)) problems.push(`${entity.name}: the device differs from the server: ${describeDifference(device, server)}`);
    }
    return {
      problems: problems.length > 0 ? [...problems, context()] : [],
      counts,
      edited: expected.size,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await store.close();
  }
}

describe('fieldsync device sync killed at planned points', () => {
  let seeded: string;
  let killChild: KillChild;
  let dir: string;
  let crm: string;
  let customization: string;

  beforeAll(async () => {
    seeded = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-crash-seed-'));
    // Small pages and small upload batches: many transactions, so many places for a kill to land.
    const entities = ['account', 'contact', 'opportunity', 'quote', 'quotedetail', 'task', 'appointment', 'email', 'annotation'];
    writeFileSync(
      path.join(seeded, 'customization.json'),
      JSON.stringify({ entities: entities.map((entity) => ({ entity, pageSize: 20 })), settings: { MaxExecuteMultiple: 3 } }),
    );
    // The CRM and a device that synced it once, made once and copied for each scenario.
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '2000', '--seed', '11'], captureIo(seeded))).toBe(0);
    const io = captureIo(seeded);
    expect(await runCli(['device', 'sync', '--db', 'alice.db', '--crm', 'crm.db', '--user', 'alice', '--customization', 'customization.json'], io)).toBe(0);
    killChild = await buildKillChild(seeded);
  });

  afterAll(() => {
    rmSync(seeded, { recursive: true, force: true });
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-crash-'));
    crm = path.join(dir, 'crm.db');
    customization = path.join(dir, 'customization.json');
    for (const file of readdirSync(seeded).filter((name) => /^(crm|alice)\.db(-wal|-shm)?$|^customization\.json$/.test(name))) {
      copyFileSync(path.join(seeded, file), path.join(dir, file));
    }
  });

  afterEach(() => {
    // FIELDSYNC_CRASH_KEEP=1 keeps the CRM and device files of a run for a look.
    if (process.env.FIELDSYNC_CRASH_KEEP) process.stdout.write(`device crash test files kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  });

  async function expectIntact(options: ScenarioOptions): Promise<void> {
    const report = await runCrashScenario(dir, crm, customization, killChild, options);
    // The figures of the run, for the record: how many kills landed where, and how long it took.
    process.stdout.write(
      `device crash test (seed ${SEED}, ${options.sharedRecords ? 'shared' : 'disjoint'} records): ${JSON.stringify(report.counts)}, ` +
        `${report.edited} records edited, ${report.seconds.toFixed(1)} s\n`,
    );
    expect(report.problems).toEqual([]);
    expect(report.counts.upload + report.counts.download + report.counts.step + report.counts.apply).toBeGreaterThanOrEqual(KILLS);
    expect(report.counts.upload).toBeGreaterThanOrEqual(KILLS_PER_STEP);
    expect(report.counts.download).toBeGreaterThanOrEqual(KILLS_PER_STEP);
    expect(report.counts.apply).toBeGreaterThanOrEqual(KILLS_PER_STEP);
  }

  // The server also edits records the device changed (other fields), so an unanswered update sent again
  // after a kill meets a conflict that its policy (FieldMerge) must settle. It covers the disjoint case too.
  it(
    `loses no local change and ends equal to the server after ${KILLS} SIGKILLs in upload, download and Apply Update, with server edits of records the device changed (seed ${SEED})`,
    () => expectIntact({ sharedRecords: true }),
    // A guard against a hang, not a speed check: each run starts a process, slow on a loaded machine.
    3_600_000,
  );
});
