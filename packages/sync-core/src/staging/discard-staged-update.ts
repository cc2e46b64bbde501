import type { LocalDb } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { dropStages } from './stage-tables';
import { readStagedUpdate } from './staged-update';

/**
 * Drops the staged update waiting for Apply Update, with its staging tables (a newer download
 * supersedes it: the live anchors never moved, so that download receives all it held). Returns
 * whether one was waiting.
 */
export async function discardStagedUpdate(db: LocalDb, local: LocalSchema): Promise<boolean> {
  if (!(await readStagedUpdate(db))) return false;
  await db.transaction().execute((trx) => dropStages(trx, local));
  return true;
}
