import { RangeNotSatisfiableError, TransientError } from '@fieldsync/connector-api';
import type { DocumentsContext } from '../documents-harness';
import { SAMPLE_RECORD, piecesOf, readAll, sampleBytes } from '../document-samples';

/** 320 KiB: Graph's upload fragment unit, and the chunk the harness's connector uploads in. */
const UNIT = 320 * 1024;

/** Ranged reads and resumable chunked uploads. */
export function registerContentChecks({ harness, check }: DocumentsContext): void {
  check('read answers the whole file, a range of it, and a typed refusal beyond its end', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    const bytes = sampleBytes(50_000);
    await harness().putFile(SAMPLE_RECORD, 'photo.jpg', bytes);
    const [item] = (await connector.listFolder(SAMPLE_RECORD)).items;
    const whole = await connector.read(SAMPLE_RECORD, item.id);
    expect(whole.size).toBe(50_000);
    expect((await readAll(whole.body)).equals(bytes)).toBe(true);
    const tail = await connector.read(SAMPLE_RECORD, item.id, { start: 40_000 });
    expect(tail.range).toEqual({ start: 40_000, end: 49_999 });
    expect((await readAll(tail.body)).equals(bytes.subarray(40_000))).toBe(true);
    const middle = await connector.read(SAMPLE_RECORD, item.id, { start: 100, end: 199 });
    expect((await readAll(middle.body)).equals(bytes.subarray(100, 200))).toBe(true);
    await expect(connector.read(SAMPLE_RECORD, item.id, { start: 50_000 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
  });

  check('upload sends chunks the backend accepts and stores the exact bytes', async () => {
    const { connector } = harness();
    const bytes = sampleBytes(2 * UNIT + 12_345);
    const upload = await connector.startUpload(SAMPLE_RECORD, 'signed.pdf', bytes.length);
    const item = await connector.uploadFrom(upload, piecesOf(bytes), 0);
    expect(item).toMatchObject({ kind: 'file', name: 'signed.pdf', size: bytes.length });
    const listed = (await connector.listFolder(SAMPLE_RECORD)).items.find((i) => i.path === 'signed.pdf');
    expect(listed?.id).toBe(item.id);
    expect((await readAll((await connector.read(SAMPLE_RECORD, item.id)).body)).equals(bytes)).toBe(true);
  });

  check('an upload cut mid-way resumes from the offset the backend expects, and the file is whole', async () => {
    const { connector } = harness();
    const bytes = sampleBytes(3 * UNIT + 777, 11);
    const upload = await connector.startUpload(SAMPLE_RECORD, 'video.mp4', bytes.length);
    harness().cutUpload(1);
    await expect(connector.uploadFrom(upload, piecesOf(bytes), 0)).rejects.toBeInstanceOf(TransientError);
    const offset = await connector.uploadOffset(upload);
    expect(offset).toBe(UNIT);
    const item = await connector.uploadFrom(upload, piecesOf(bytes.subarray(offset)), offset);
    expect(item.size).toBe(bytes.length);
    expect((await readAll((await connector.read(SAMPLE_RECORD, item.id)).body)).equals(bytes)).toBe(true);
    const names = (await connector.listFolder(SAMPLE_RECORD)).items.map((i) => i.name);
    expect(names).toEqual(['video.mp4']);
  });
}
