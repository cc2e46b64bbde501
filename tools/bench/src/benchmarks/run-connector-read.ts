import { performance } from 'node:perf_hooks';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { defaultPageSize, type Anchor } from '@fieldsync/model';
import { LoopDelayMonitor } from '../measure/loop-delay-monitor';
import type { ConnectorReadJob, SyncJobResult } from './sync-job';

/**
 * The server half of a full sync, in a child process: reads every record of the job's entities
 * through connector-embedded (over crm-store in this process) page by page, keeping nothing.
 */
export async function runConnectorRead(job: ConnectorReadJob): Promise<SyncJobResult> {
  const store = await openCrmStore({ file: job.serverFile });
  const connector = createEmbeddedConnector({ store, userName: job.userName, password: job.password });
  try {
    await connector.signIn();
    const loop = new LoopDelayMonitor().start();
    const started = performance.now();
    let records = 0;
    for (const entity of job.entities) {
      const fields = entity.fields.map((field) => field.name);
      const pageSize = job.pageSize ?? defaultPageSize(fields.length);
      let anchor: Anchor | undefined;
      for (;;) {
        const page = await connector.readPage({ entity: entity.name, ...(anchor ? { anchor } : {}), fields, pageSize });
        records += page.records.length;
        if (page.done) break;
        anchor = page.nextAnchor;
      }
    }
    const elapsedMs = performance.now() - started;
    const loopDelayMs = loop.stop();
    return { records, elapsedMs, recordsPerSecond: (records * 1000) / elapsedMs, peakRssMb: process.resourceUsage().maxRSS / 1024, loopDelayMs };
  } finally {
    await connector.close();
    await store.close();
  }
}
