import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openCrmStore } from '@fieldsync/crm-store';
import { seedSyncServer } from '../seed-sync-server';
import { benchNoteSchema } from './bench-note-schema';
import { mulberry32, seededBytes } from './seeded-bytes';

/** One body the device must end with: a note's id, its size and sha256 (hex). */
export interface ExpectedFile {
  readonly id: string;
  readonly size: number;
  readonly sha256: string;
}

/** What {@link seedNotesWithBodies} builds. */
export interface NotesWithBodiesPlan {
  readonly file: string;
  readonly count: number;
  /** Smallest and largest body, bytes (inclusive). */
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly seed: number;
  /** Where the list of {@link ExpectedFile}s is written as JSON, for the device process to check against. */
  readonly manifestFile: string;
  readonly log: (line: string) => void;
}

/**
 * A crm-store file with `count` notes (the sync benchmarks' users and role: alice syncs, notes half hers,
 * half bob's) each carrying a body stored through `putAttachment`, as the demo org's seed does; sizes and
 * bytes come from a seeded PRNG. Answers the expected files (also written to `manifestFile`) and their bytes.
 */
export async function seedNotesWithBodies(plan: NotesWithBodiesPlan): Promise<{ files: ExpectedFile[]; bytes: number }> {
  const seeded = await seedSyncServer({
    file: plan.file,
    schema: benchNoteSchema,
    counts: { annotation: plan.count },
    rows: (_entity, count, chunk) => Array.from({ length: count }, (_, i) => ({ subject: `note ${chunk.offset + i + 1}` })),
    log: plan.log,
  });
  const store = await openCrmStore({ file: plan.file });
  try {
    const principal = await store.principalOf(seeded.userIds.alice);
    const ids: string[] = [];
    for (let afterId: string | undefined, done = false; !done;) {
      const page = await store.readFull(principal, { entity: 'annotation', fields: ['annotationid'], limit: 5_000, ...(afterId ? { afterId } : {}) });
      ids.push(...page.records.map((record) => record.id));
      afterId = page.lastId;
      done = page.done;
    }
    const next = mulberry32(plan.seed);
    const files: ExpectedFile[] = [];
    let bytes = 0;
    const started = performance.now();
    for (const [index, id] of ids.entries()) {
      const size = plan.minBytes + (next() % (plan.maxBytes - plan.minBytes + 1));
      const body = seededBytes(next, size);
      await store.putAttachment(principal, {
        entity: 'annotation',
        id,
        fileName: `file-${index + 1}.bin`,
        mimeType: 'application/octet-stream',
        body,
        idempotencyKey: `bench-body-${id}`,
      });
      files.push({ id, size, sha256: createHash('sha256').update(body).digest('hex') });
      bytes += size;
    }
    plan.log(`  stored ${files.length} bodies (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    writeFileSync(plan.manifestFile, JSON.stringify(files));
    return { files, bytes };
  } finally {
    await store.close();
  }
}
