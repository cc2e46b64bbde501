import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sharePointRecordFolder } from '@fieldsync/connector-graph';
import { startGraphEmulator } from '@fieldsync/emulator-graph';
import { Agent, request } from 'undici';
import { bundleNodeScript } from '@fieldsync/cli/testing';
import { runWorkerProcess } from '../../measure/run-worker-process';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark } from '../../report/benchmark';
import type { FilesGraphJob, FilesGraphResult, GraphEmulatorAccess } from './files-graph-job';
import { writeSeededFile } from './write-seeded-file';

const RAW = 'one undici GET of its downloadUrl, streamed';

/** The emulator's app registration (its default). */
const APP = { clientId: 'fieldsync', clientSecret: 'fieldsync-secret' };

/** An app token straight from the emulator's Azure AD endpoint (client credentials, one form post). */
async function appToken(emulator: GraphEmulatorAccess, dispatcher: Agent): Promise<string> {
  const answer = await request(`${emulator.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP.clientId, client_secret: APP.clientSecret, scope: emulator.scope }).toString(),
  });
  const body = (await answer.body.json()) as { access_token?: string };
  if (answer.statusCode !== 200 || !body.access_token) throw new Error(`the token request answered ${answer.statusCode}`);
  return body.access_token;
}

/**
 * One large file (500 MB; 50 MB with `--quick`), generated on disk from a seeded PRNG and served by the
 * Graph emulator from that file (streamed, never in memory), in a SharePoint record folder. A device
 * process downloads it through connector-graph into its file storage; the baseline is one plain GET of
 * the item's downloadUrl in another process, in the same run. Figures: MB/s and the device's peak RSS.
 */
export const filesGraphLarge: Benchmark = {
  name: 'files-graph-large',
  description:
    'one large file from the Graph emulator through connector-graph into the device file storage vs a plain streamed GET of its downloadUrl: MB/s, peak RSS',
  async run(settings) {
    const size = settings.quick ? 50_000_000 : 500_000_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-files-graph-'));
    const emulator = await startGraphEmulator();
    const dispatcher = new Agent({ connect: { ca: emulator.ca } });
    try {
      const source = path.join(dir, 'large.bin');
      await writeSeededFile(source, size, 500);
      const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
      const drive = emulator.store.drive(site.driveIds[0]);
      const record = { entity: 'account', id: '5c1f0a9e-1111-4222-8333-944455556666', name: 'Contoso' };
      const item = await emulator.store.seedFromDisk(drive, `${sharePointRecordFolder(record)}/large.bin`, source);
      const access: GraphEmulatorAccess = {
        url: emulator.url,
        ca: emulator.ca,
        tenantId: emulator.tenantId,
        authority: emulator.authority,
        knownAuthority: emulator.knownAuthority,
        authorityMetadata: emulator.authorityMetadata,
        cloudDiscoveryMetadata: emulator.cloudDiscoveryMetadata,
        scope: emulator.scope,
      };
      const token = await appToken(access, dispatcher);
      const itemAnswer = await request(`${emulator.url}/v1.0/drives/${drive.id}/items/${item.id}`, {
        dispatcher,
        headers: { authorization: `Bearer ${token}` },
      });
      const itemJson = (await itemAnswer.body.json()) as Record<string, unknown>;
      const downloadUrl = itemJson['@microsoft.graph.downloadUrl'];
      if (typeof downloadUrl !== 'string') throw new Error(`the item answered ${itemAnswer.statusCode} without a downloadUrl`);
      const job = (kind: FilesGraphJob['kind']): FilesGraphJob => ({
        kind,
        emulator: access,
        site: 'contoso.sharepoint.com:/sites/fieldsync:',
        record,
        itemId: item.id,
        ...(kind === 'raw' ? { downloadUrl } : {}),
        filesDir: path.join(dir, `device-${kind}.files`),
        size,
        sha1: item.diskBody?.sha1 ?? '',
      });
      // Both jobs run the worker bundled once (plain JavaScript, as a device runs the CLI's bundle).
      const worker = await bundleNodeScript(path.join(__dirname, 'files-graph-worker.ts'), dir);
      const raw = await runWorkerProcess<FilesGraphJob, FilesGraphResult>(worker, job('raw'), 'the raw GET of the large file');
      const device = await runWorkerProcess<FilesGraphJob, FilesGraphResult>(worker, job('device'), 'the device downloading the large file');
      const busy = (result: FilesGraphResult) => `${Math.round((result.cpuMs * 100) / result.elapsedMs)}%`;
      settings.log(`  raw GET: ${result(raw)}, CPU busy ${busy(raw)}`);
      settings.log(
        `  device: ${result(device)}, CPU busy ${busy(device)}, ${device.chunks ?? 0} chunks of ${Math.round(device.bytes / 1024 / (device.chunks ?? 1))} KiB on average`,
      );
      const label = `download of one ${Math.round(size / 1e6)} MB file from Graph (emulator) into the device's files`;
      const figures: BenchFigure[] = [
        {
          name: label,
          value: device.megabytesPerSecond,
          unit: 'MB/s',
          baseline: raw.megabytesPerSecond,
          baselineName: RAW,
          targets: [{ of: 'ratio', op: '>=', limit: 0.8 }],
        },
        {
          name: `${label}: device process peak RSS`,
          value: device.peakRssMb,
          unit: 'MB',
          baseline: raw.peakRssMb,
          baselineName: RAW,
          higherIsBetter: false,
          targets: [{ op: '<', limit: 150 }],
        },
      ];
      return figures;
    } finally {
      await dispatcher.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function result(measured: FilesGraphResult): string {
  return `${measured.megabytesPerSecond.toFixed(1)} MB/s (${(measured.elapsedMs / 1000).toFixed(1)} s), peak RSS ${Math.round(measured.peakRssMb)} MB (${Math.round(measured.startRssMb)} MB before the download)`;
}
