import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { AttachmentContent, AttachmentRef, AttachmentUpload, ByteRange, CrmConnector } from '@fieldsync/connector-api';
import type { SyncProgress } from '@fieldsync/sync-core';
import { createFileBlobStorage, filesDirBeside, readFileChunks } from '@fieldsync/sync-core/node';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The real connector with its attachment calls replaced by `calls` (which may call the real ones). */
function wrap(
  connector: CrmConnector,
  calls: {
    read?: (real: CrmConnector, ref: AttachmentRef, range?: ByteRange) => Promise<AttachmentContent>;
    write?: (real: CrmConnector, ref: AttachmentRef, upload: AttachmentUpload) => Promise<{ size: number; version: string }>;
  },
): CrmConnector {
  return new Proxy(connector, {
    get(target, prop) {
      if (prop === 'readAttachment' && calls.read) return (ref: AttachmentRef, range?: ByteRange) => calls.read!(target, ref, range);
      if (prop === 'writeAttachment' && calls.write) return (ref: AttachmentRef, upload: AttachmentUpload) => calls.write!(target, ref, upload);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A stream that ends with an error after `limit` bytes of the real one. */
async function* cutAfter(body: AsyncIterable<Uint8Array>, limit: number): AsyncIterable<Uint8Array> {
  let sent = 0;
  for await (const chunk of body) {
    if (sent + chunk.byteLength > limit) {
      yield chunk.subarray(0, limit - sent);
      throw new Error('connection reset mid-body');
    }
    sent += chunk.byteLength;
    yield chunk;
  }
}

const notesWithFiles =
  (settings: Record<string, unknown> = {}, blobStoreFilter?: string) =>
  (bed: DeviceTestBed) => ({
    ...demoCustomization(bed, { annotation: { attachments: true } }, settings),
    ...(blobStoreFilter ? { blobStoreFilter } : {}),
  });

describe('attachments on the device', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(300);
  });

  afterEach(async () => {
    await bed.close();
  });

  const open = (customization: unknown, extra: Parameters<DeviceTestBed['device']>[1] = {}, file?: string): Promise<TestDevice> => {
    const path = file ?? `${bed.dir}/device-${Math.random().toString(36).slice(2)}.sqlite`;
    // The administrator reads every note: the demo org's documents spread over all of them.
    return bed.device('admin', {
      customization,
      file: path,
      ...extra,
      attachments: { storage: createFileBlobStorage(filesDirBeside(path)), readPath: readFileChunks, ...(extra.attachments ?? {}) },
    });
  };
  const bodyOf = (id: string) => bed.org.attachments.find((a) => a.recordId === id)!.body;

  it('downloads the bodies of the notes on the device into files, atomically, with their sha256', async () => {
    const progress: SyncProgress[] = [];
    const device = await open(notesWithFiles()(bed), { onProgress: (p) => progress.push(p) });
    const result = await device.engine.sync();
    expect(result.result).toBe('ok');
    const entries = await device.engine.attachments.list();
    expect(entries.length).toBeGreaterThan(3);
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: 'downloaded', inDatabase: false });
      const onDisk = fs.readFileSync(entry.path!);
      expect(onDisk.equals(Buffer.from(bodyOf(entry.id)))).toBe(true);
      expect(entry.hash).toBe(sha(onDisk));
      expect(entry.path).toBe(`${device.file}.files/Blob/annotation/${entry.id}`);
      expect(fs.existsSync(`${entry.path}.part`)).toBe(false);
    }
    const last = progress.filter((p) => p.step === 'attachments').at(-1)!;
    expect(last).toMatchObject({ done: entries.length, total: entries.length, bytes: last.totalBytes });
    // Nothing changed: nothing is downloaded again.
    let reads = 0;
    const again = await open(
      notesWithFiles()(bed),
      { wrapConnector: (c) => wrap(c, { read: (real, ref, range) => (reads++, real.readAttachment!(ref, range)) }) },
      device.file,
    );
    await again.engine.sync();
    expect(reads).toBe(0);
  });

  it('follows the BlobStoreFilter: a blocked suffix is refused, a quota leaves the rest on demand, and the bytes admitted stay within it', async () => {
    const device0 = await open(notesWithFiles()(bed));
    await device0.engine.sync();
    const all = await device0.engine.attachments.list();
    const suffix = all[0]!.fileName.split('.').pop()!;
    const blocked = (e: { fileName: string }) => e.fileName.endsWith(`.${suffix}`);
    const others = all.filter((e) => !blocked(e));
    expect(others.length).toBeGreaterThan(2);
    const quota = Math.floor(others.reduce((sum, e) => sum + e.size, 0) / 2);
    const filter = `<BlobStoreFilter><AttachmentsFilter><EntityFilters><EntityAttachmentsFilter Name="annotation"><Quota>${quota}</Quota><MaxFileSize>-1</MaxFileSize><Filters><BlobStoreFileTypeFilter><FileSuffix>${suffix}</FileSuffix><MaxFileSize>0</MaxFileSize></BlobStoreFileTypeFilter></Filters></EntityAttachmentsFilter></EntityFilters></AttachmentsFilter></BlobStoreFilter>`;
    const device = await open(notesWithFiles({}, filter)(bed));
    await device.engine.sync();
    const entries = await device.engine.attachments.list();
    for (const entry of entries.filter(blocked)) expect(entry).toMatchObject({ status: 'refused' });
    const downloaded = entries.filter((e) => e.status === 'downloaded');
    const onDemand = entries.filter((e) => e.status === 'on-demand');
    expect(downloaded.length).toBeGreaterThan(0);
    expect(onDemand.length).toBeGreaterThan(0);
    expect(downloaded.reduce((sum, e) => sum + e.size, 0)).toBeLessThanOrEqual(quota);
    expect(onDemand[0]!.reason).toMatch(/quota/);
    for (const entry of [...onDemand, ...entries.filter((e) => e.status === 'refused')]) expect(entry.path).toBeUndefined();
  });

  it('downloads small bodies up to `parallel` at once and the large ones alone, after them', async () => {
    const probe = await open(notesWithFiles()(bed));
    await probe.engine.sync();
    // The largest body (and any of its size) counts as large; the rest are small.
    const threshold = Math.max(...(await probe.engine.attachments.list()).map((e) => e.size));
    let inFlight = 0;
    let maxInFlight = 0;
    let smallArrivals = 0;
    let releaseSmall!: () => void;
    const threeSmall = new Promise<void>((resolve) => (releaseSmall = resolve));
    const seen: Array<{ size: number; others: number }> = [];
    const device = await open(notesWithFiles()(bed), {
      attachments: { parallel: 3, largeFileBytes: threshold },
      wrapConnector: (c) =>
        wrap(c, {
          read: async (real, ref, range) => {
            const content = await real.readAttachment!(ref, range);
            seen.push({ size: content.size, others: inFlight });
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (content.size < threshold) {
              // The first three small bodies wait for each other: they can only all arrive if three run at once.
              smallArrivals += 1;
              if (smallArrivals === 3) releaseSmall();
              if (smallArrivals <= 3) await threeSmall;
            }
            async function* tracked(): AsyncIterable<Uint8Array> {
              try {
                yield* content.body;
              } finally {
                inFlight -= 1;
              }
            }
            return { ...content, body: tracked() };
          },
        }),
    });
    await device.engine.sync();
    expect(smallArrivals).toBeGreaterThan(3);
    expect(maxInFlight).toBe(3);
    const large = seen.filter((s) => s.size >= threshold);
    expect(large.length).toBeGreaterThan(0);
    for (const one of large) expect(one.others).toBe(0);
    expect(seen.slice(-large.length).every((s) => s.size >= threshold)).toBe(true);
    expect((await device.engine.attachments.list()).every((e) => e.status === 'downloaded')).toBe(true);
  });

  it('resumes a body whose stream was cut with a byte range from the bytes on disk', async () => {
    const big = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const probe = await bed.device('alice', { customization: notesWithFiles()(bed) });
    await probe.engine.sync();
    const target = (await ownedRecords(probe, 'annotation')).find((note) => note.fields.isdocument === true)!.id;
    await probe.connector.writeAttachment!(
      { entity: 'annotation', id: target },
      { fileName: 'big.bin', mimeType: 'application/octet-stream', body: big, idempotencyKey: 'big-1' },
    );
    const ranges: Array<ByteRange | undefined> = [];
    let cut = true;
    const device = await open(notesWithFiles()(bed), {
      attachments: { largeFileBytes: 100_000 },
      wrapConnector: (c) =>
        wrap(c, {
          read: async (real, ref, range) => {
            const content = await real.readAttachment!(ref, range);
            if (ref.id !== target) return content;
            ranges.push(range);
            if (!cut) return content;
            cut = false;
            return { ...content, body: cutAfter(content.body, 70_000) };
          },
        }),
    });
    const first = await device.engine.sync();
    expect(first.warnings.some((w) => w.recordId === target)).toBe(true);
    expect(await device.engine.attachments.get('annotation', target)).toMatchObject({ status: 'failed' });
    expect(fs.statSync(`${device.file}.files/Blob/annotation/${target}.part`).size).toBe(70_000);
    await device.engine.sync();
    expect(ranges).toEqual([undefined, { start: 70_000 }]);
    const entry = (await device.engine.attachments.get('annotation', target))!;
    expect(entry).toMatchObject({ status: 'downloaded', size: big.length, hash: sha(big) });
    expect(fs.readFileSync(entry.path!).equals(Buffer.from(big))).toBe(true);
  });

  it('keeps the queue when the sync stops between files: a fresh engine on the same files downloads only the rest', async () => {
    const controller = new AbortController();
    const device = await open(notesWithFiles()(bed), {
      attachments: { parallel: 1 },
      onProgress: (p) => {
        if (p.step === 'attachments' && p.done >= 2) controller.abort();
      },
    });
    const stopped = await device.engine.sync({ signal: controller.signal });
    expect(stopped.result).toBe('failed');
    const after = await device.engine.attachments.list();
    const done = after.filter((e) => e.status === 'downloaded');
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(after.some((e) => e.status === 'queued')).toBe(true);
    await device.close();
    const fetched: string[] = [];
    const fresh = await open(
      notesWithFiles()(bed),
      { wrapConnector: (c) => wrap(c, { read: (real, ref, range) => (fetched.push(ref.id), real.readAttachment!(ref, range)) }) },
      device.file,
    );
    await fresh.engine.sync();
    const entries = await fresh.engine.attachments.list();
    expect(entries.every((e) => e.status === 'downloaded')).toBe(true);
    expect(fetched.sort()).toEqual(
      after
        .filter((e) => e.status !== 'downloaded')
        .map((e) => e.id)
        .sort(),
    );
  });

  it('with AsyncAttachmentsDownload the data sync ends first and the bodies follow', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const device = await open(notesWithFiles({ AsyncAttachmentsDownload: true })(bed), {
      wrapConnector: (c) => wrap(c, { read: async (real, ref, range) => (await gate, real.readAttachment!(ref, range)) }),
    });
    const result = await device.engine.sync();
    expect(result.result).toBe('ok');
    expect(device.engine.attachments.busy).toBe(true);
    const queued = await device.engine.attachments.list();
    expect(queued.every((e) => e.status === 'queued')).toBe(true);
    // The sync's files: nothing downloaded in the sync, everything queued for the background step.
    const waiting = { count: 0, bytes: 0, refused: 0, queued: queued.length };
    expect(result.files).toEqual({ ...waiting, attachments: waiting });
    // engine.status() shows the background step while it runs, with its progress.
    expect((await device.engine.status()).attachments).toMatchObject({ running: true, progress: { step: 'attachments', done: 0, total: queued.length } });
    release();
    await device.engine.attachments.idle();
    expect((await device.engine.attachments.list()).every((e) => e.status === 'downloaded')).toBe(true);
    expect((await device.engine.status()).attachments).toBeUndefined();
  });

  it('starts a body again when the bytes kept from an interrupted attempt reach past its end on the server (416)', async () => {
    const file = `${bed.dir}/device-416.sqlite`;
    const failing = await open(notesWithFiles()(bed), { wrapConnector: (c) => wrap(c, { read: () => Promise.reject(new Error('connection refused')) }) }, file);
    await failing.engine.sync();
    const [entry] = await failing.engine.attachments.list();
    expect(entry).toMatchObject({ status: 'failed' });
    // A partial write longer than the body (the body changed on the server since).
    fs.mkdirSync(`${file}.files/Blob/annotation`, { recursive: true });
    fs.writeFileSync(`${file}.files/Blob/annotation/${entry!.id}.part`, Buffer.alloc(entry!.size + 10, 1));
    const device = await open(notesWithFiles()(bed), {}, file);
    await device.engine.sync();
    const again = await device.engine.attachments.get('annotation', entry!.id);
    expect(again).toMatchObject({ status: 'downloaded', hash: sha(bodyOf(entry!.id)) });
    expect(fs.readFileSync(again!.path!).equals(Buffer.from(bodyOf(entry!.id)))).toBe(true);
  });

  it('a wipe removes the files of Blob/, not only their rows', async () => {
    const device = await open(notesWithFiles()(bed));
    await device.engine.sync();
    const entries = await device.engine.attachments.list();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => fs.existsSync(e.path!))).toBe(true);
    await device.engine.wipe();
    expect(fs.existsSync(`${device.file}.files/Blob`)).toBe(false);
    for (const entry of entries) expect(fs.existsSync(entry.path!)).toBe(false);
  });

  it('reports the files of the sync (count, bytes, refused, queued) in its result and the sync log', async () => {
    const probe = await open(notesWithFiles()(bed));
    await probe.engine.sync();
    const all = await probe.engine.attachments.list();
    const suffix = all[0]!.fileName.split('.').pop()!;
    const blocked = all.filter((e) => e.fileName.endsWith(`.${suffix}`));
    const admitted = all.filter((e) => !e.fileName.endsWith(`.${suffix}`));
    const filter = `<BlobStoreFilter><AttachmentsFilter><EntityFilters><EntityAttachmentsFilter Name="annotation"><Quota>-1</Quota><MaxFileSize>-1</MaxFileSize><Filters><BlobStoreFileTypeFilter><FileSuffix>${suffix}</FileSuffix><MaxFileSize>0</MaxFileSize></BlobStoreFileTypeFilter></Filters></EntityAttachmentsFilter></EntityFilters></AttachmentsFilter></BlobStoreFilter>`;
    const device = await open(notesWithFiles({}, filter)(bed));
    const result = await device.engine.sync();
    const counts = { count: admitted.length, bytes: admitted.reduce((sum, e) => sum + e.size, 0), refused: blocked.length, queued: 0 };
    // The totals, and the attachment step's own figures (no document step on this device).
    const files = { ...counts, attachments: counts };
    expect(result.files).toEqual(files);
    const [logged] = await device.engine.syncLog(1);
    expect(logged!.summary!.files).toEqual(files);
    const line = `count:${counts.count} bytes:${counts.bytes} refused:${counts.refused} queued:0`;
    expect(result.log).toContain(`files ${line} attachments[${line}]`);
    // Nothing changed: a second sync moves no file.
    const unchanged = { ...counts, count: 0, bytes: 0 };
    expect((await device.engine.sync()).files).toEqual({ ...unchanged, attachments: unchanged });
  });

  it('downloads a refused body on request, with progress and cancellation, and enforces MaxAttachmentSize', async () => {
    const filter = `<BlobStoreFilter><AttachmentsFilter><EntityFilters><EntityAttachmentsFilter Name="annotation"><Quota>-1</Quota><MaxFileSize>0</MaxFileSize></EntityAttachmentsFilter></EntityFilters></AttachmentsFilter></BlobStoreFilter>`;
    const device = await open(notesWithFiles({}, filter)(bed));
    await device.engine.sync();
    const [refused] = await device.engine.attachments.list();
    expect(refused).toMatchObject({ status: 'refused' });
    const controller = new AbortController();
    await expect(
      device.engine.attachments.download('annotation', refused!.id, { signal: controller.signal, onProgress: () => controller.abort() }),
    ).rejects.toMatchObject({ code: 'SYNC_CANCELLED' });
    expect(await device.engine.attachments.get('annotation', refused!.id)).toMatchObject({ status: 'refused' });
    const seen: number[] = [];
    const entry = await device.engine.attachments.download('annotation', refused!.id, { onProgress: (p) => seen.push(p.bytes) });
    expect(entry).toMatchObject({ status: 'downloaded', hash: sha(bodyOf(refused!.id)) });
    expect(seen.at(-1)).toBe(refused!.size);

    const limited = await open(notesWithFiles({ MaxAttachmentSize: 1 }, filter)(bed));
    await limited.engine.sync();
    const [one] = await limited.engine.attachments.list();
    await expect(limited.engine.attachments.download('annotation', one!.id)).rejects.toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
  });

  it('uploads a body created on the device once, even when the first answer is lost', async () => {
    const photo = new Uint8Array(700_000).map((_, i) => (i * 7) % 256);
    const keys: string[] = [];
    const versions: string[] = [];
    let lose = true;
    let uploadedId = '';
    let fetchedBack = 0;
    const device = await open(notesWithFiles()(bed), {
      attachments: { uploadChunkBytes: 64 * 1024 },
      wrapConnector: (c) =>
        wrap(c, {
          read: (real, ref, range) => {
            if (ref.id === uploadedId) fetchedBack += 1;
            return real.readAttachment!(ref, range);
          },
          write: async (real, ref, upload) => {
            keys.push(upload.idempotencyKey);
            const answer = await real.writeAttachment!(ref, upload);
            versions.push(answer.version);
            if (lose) {
              lose = false;
              throw new Error('the answer was lost');
            }
            return answer;
          },
        }),
    });
    await device.engine.sync();
    const id = (await device.engine.attachments.list())[0]!.id;
    uploadedId = id;
    const file = `${bed.dir}/photo.jpg`;
    fs.writeFileSync(file, photo);
    await device.engine.attachments.put('annotation', id, { fileName: 'photo.jpg', mimeType: 'image/jpeg', path: file });
    const first = await device.engine.sync();
    expect(first.warnings.some((w) => w.recordId === id)).toBe(true);
    const second = await device.engine.sync();
    expect(second.warnings).toEqual([]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    // The second attempt was answered from the first: the record's version moved once.
    expect(versions[1]).toBe(versions[0]);
    expect(await device.engine.attachments.get('annotation', id)).toMatchObject({ status: 'downloaded', size: photo.length, hash: sha(photo) });
    // What the device sent is what it keeps: the next sync does not fetch it back.
    await device.engine.sync();
    expect(fetchedBack).toBe(0);
    const content = await device.connector.readAttachment!({ entity: 'annotation', id });
    const chunks: Uint8Array[] = [];
    for await (const chunk of content.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(photo))).toBe(true);
  });

  it('removes the files of notes that left the device', async () => {
    const device = await open(notesWithFiles()(bed));
    await device.engine.sync();
    const [gone, ...rest] = await device.engine.attachments.list();
    await device.engine.records.delete('annotation', gone!.id);
    await device.engine.sync();
    expect(fs.existsSync(gone!.path!)).toBe(false);
    expect(await device.engine.attachments.get('annotation', gone!.id)).toBeUndefined();
    expect((await device.engine.attachments.list()).map((e) => e.id)).toEqual(rest.map((e) => e.id));
  });

  it('keeps the bodies in the device database with UseDatabaseBlobStore', async () => {
    const device = await open(notesWithFiles({ UseDatabaseBlobStore: true })(bed));
    await device.engine.sync();
    const [entry] = await device.engine.attachments.list();
    expect(entry).toMatchObject({ status: 'downloaded', inDatabase: true });
    expect(entry!.path).toBeUndefined();
    expect(Buffer.from((await device.engine.attachments.bytes('annotation', entry!.id))!).equals(Buffer.from(bodyOf(entry!.id)))).toBe(true);
  });
});
