import type { SyncProgress } from '@fieldsync/sync-core';
import { formatNumber } from '../output/printer';
import type { ProgressReporter } from '../output/progress-reporter';

/**
 * Turns the engine's progress events into a progress reporter's updates: the upload counts changes
 * sent, the download counts entities done, with the records of the entity being read in the label;
 * the attachment and document steps count files, with the bytes in the label.
 */
export function syncProgressListener(reporter: ProgressReporter): (progress: SyncProgress) => void {
  let entitiesDone = 0;
  let entitiesTotal = 0;
  return (progress) => {
    if (progress.step === 'upload') {
      // An upload with nothing to send is not worth a line.
      if (progress.total) reporter.update(progress.done, progress.total, 'upload: changes sent');
      return;
    }
    if (progress.step === 'attachments' || progress.step === 'documents') {
      const what = progress.step === 'attachments' ? 'files' : 'documents';
      if (progress.total)
        reporter.update(progress.done, progress.total, `${what}: ${formatNumber(progress.bytes ?? 0)} of ${formatNumber(progress.totalBytes ?? 0)} bytes`);
      return;
    }
    if (progress.step !== 'download') return;
    if (progress.total !== undefined) {
      // The download began (total: entities to download) or an entity finished. The latter's total also
      // counts the entities the analyzer skipped, so the first event's total is the one kept.
      entitiesDone = progress.done;
      entitiesTotal = progress.entity ? Math.max(entitiesTotal, progress.done) : progress.total;
      if (entitiesTotal > 0) reporter.update(entitiesDone, entitiesTotal, progress.entity ? `download: ${progress.entity} done` : 'download');
      return;
    }
    if (progress.entity && entitiesTotal > 0) {
      reporter.update(entitiesDone, entitiesTotal, `download: ${progress.entity} ${formatNumber(progress.done)} record${progress.done === 1 ? '' : 's'}`);
    }
  };
}
