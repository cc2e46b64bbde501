import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portableSha256 } from '../attachments/download-into-writer';
import { createFileBlobStorage } from './file-blob-storage';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('createFileBlobStorage', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-file-blob-storage-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a body under its final name only once committed', async () => {
    const storage = createFileBlobStorage(dir);
    const writer = await storage.open('annotation', 'n1', true);
    expect(writer.resumeAt).toBe(0);
    await writer.write(bytes('hello '));
    await writer.write(bytes('world'));
    const final = path.join(dir, 'Blob', 'annotation', 'n1');
    expect(existsSync(final)).toBe(false);
    expect((await writer.commit()).location).toBe(final);
    expect(readFileSync(final, 'utf8')).toBe('hello world');
    expect(existsSync(`${final}.part`)).toBe(false);
  });

  it('resumes a partial file left by an interrupted attempt from its length, and starts it again when not resuming', async () => {
    const storage = createFileBlobStorage(dir);
    const first = await storage.open('annotation', 'n2', true);
    await first.write(bytes('abc'));
    await first.close();
    const resumed = await storage.open('annotation', 'n2', true);
    expect(resumed.resumeAt).toBe(3);
    await resumed.write(bytes('def'));
    const { location } = await resumed.commit();
    expect(readFileSync(location ?? '', 'utf8')).toBe('abcdef');

    writeFileSync(path.join(dir, 'Blob', 'annotation', 'n3.part'), 'stale');
    const fresh = await storage.open('annotation', 'n3', false);
    expect(fresh.resumeAt).toBe(0);
    await fresh.write(bytes('new'));
    expect(readFileSync((await fresh.commit()).location ?? '', 'utf8')).toBe('new');
  });

  it('makes an entity folder again when another process removed it after this storage made it', async () => {
    const storage = createFileBlobStorage(dir);
    await (await storage.open('annotation', 'a', true)).commit();
    rmSync(path.join(dir, 'Blob'), { recursive: true, force: true });
    const writer = await storage.open('annotation', 'b', true);
    await writer.write(bytes('b'));
    expect(readFileSync((await writer.commit()).location ?? '', 'utf8')).toBe('b');
  });

  it("hashes with node:crypto to the same sha256 as the engine's portable one", () => {
    const storage = createFileBlobStorage(dir);
    const native = storage.sha256?.();
    const portable = portableSha256();
    for (const chunk of [bytes('first chunk, '), new Uint8Array(70_000).fill(7), bytes('last')]) {
      native?.update(chunk);
      portable.update(chunk);
    }
    expect(native?.hex()).toBe(portable.hex());
    expect(portableSha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
