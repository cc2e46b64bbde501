import { createRequire } from 'node:module';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import type { Anchor } from '@fieldsync/model';
import type { RssSampler } from '../measure/rss-sampler';
import type { PageReadJob } from './page-read-job';

/** The part of better-sqlite3 the baseline uses (the package ships no types). */
interface BetterSqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): Record<string, unknown>[] };
  close(): void;
}
type BetterSqliteConstructor = new (file: string, options?: { readonly?: boolean }) => BetterSqliteDatabase;

/** Reads every row with crm-store's `readFull` as the job's user; answers the records read. */
export async function readWithStore(job: PageReadJob, rss: RssSampler): Promise<number> {
  const store = await openCrmStore({ file: job.file });
  try {
    const user = await store.findUserByName(job.userName);
    if (!user) throw new Error(`no user ${job.userName} in ${job.file}`);
    const principal = await store.principalOf(user.id);
    let afterId: string | undefined;
    let records = 0;
    for (;;) {
      const page = await store.readFull(principal, { entity: 'account', afterId, limit: job.pageSize });
      records += page.records.length;
      rss.sample();
      if (page.done || page.lastId === undefined) return records;
      afterId = page.lastId;
    }
  } finally {
    await store.close();
  }
}

/** Reads every row through connector-embedded's `readPage` (what a sync does), signed in as the job's user. */
export async function readWithConnector(job: PageReadJob, rss: RssSampler): Promise<number> {
  const store = await openCrmStore({ file: job.file });
  const connector = createEmbeddedConnector({ store, userName: job.userName, password: job.password });
  try {
    await connector.signIn();
    let anchor: Anchor | undefined;
    let records = 0;
    for (;;) {
      const page = await connector.readPage({ entity: 'account', anchor, pageSize: job.pageSize });
      records += page.records.length;
      rss.sample();
      if (page.done) return records;
      anchor = page.nextAnchor;
    }
  } finally {
    await connector.close();
    await store.close();
  }
}

/**
 * The baseline: one prepared better-sqlite3 statement with keyset pagination
 * (`SELECT * … WHERE accountid > ? ORDER BY accountid LIMIT ?`) into plain objects.
 */
export function readWithBetterSqlite(job: PageReadJob, rss: RssSampler): number {
  const Database = createRequire(__filename)('better-sqlite3') as BetterSqliteConstructor;
  const db = new Database(job.file, { readonly: true });
  try {
    const statement = db.prepare('SELECT * FROM account WHERE accountid > ? ORDER BY accountid LIMIT ?');
    let afterId = '';
    let records = 0;
    for (;;) {
      const rows = statement.all(afterId, job.pageSize);
      records += rows.length;
      rss.sample();
      if (rows.length < job.pageSize) return records;
      afterId = String(rows[rows.length - 1].accountid);
    }
  } finally {
    db.close();
  }
}
