import type { DocumentsContext } from '../documents-harness';
import { OTHER_RECORD, SAMPLE_RECORD, sampleBytes } from '../document-samples';

/** The record folder layout, its creation, listing, and the skipped-root warning. */
export function registerFolderChecks({ harness, check }: DocumentsContext): void {
  check('ensureRecordFolder creates the folder the layout names, once', async () => {
    const { connector } = harness();
    const path = harness().expectedFolderPath(SAMPLE_RECORD);
    expect(await harness().folderExists(path)).toBe(false);
    const first = await connector.ensureRecordFolder(SAMPLE_RECORD);
    expect(first).toMatchObject({ kind: 'folder', created: true, folder: { path } });
    expect(await harness().folderExists(path)).toBe(true);
    const second = await connector.ensureRecordFolder(SAMPLE_RECORD);
    expect(second).toMatchObject({ kind: 'folder', created: false });
    if (first.kind === 'folder' && second.kind === 'folder') expect(second.folder.id).toBe(first.folder.id);
  });

  check('listFolder lists the record folder and its subfolders, and nothing of another record', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    await connector.ensureRecordFolder(OTHER_RECORD);
    await harness().putFile(SAMPLE_RECORD, 'contract.pdf', sampleBytes(1000));
    await harness().putFile(SAMPLE_RECORD, 'drafts/offer.txt', sampleBytes(10));
    await harness().putFile(OTHER_RECORD, 'theirs.pdf', sampleBytes(5));
    const listing = await connector.listFolder(SAMPLE_RECORD);
    const byPath = Object.fromEntries(listing.items.map((item) => [item.path, item]));
    expect(Object.keys(byPath).sort()).toEqual(['contract.pdf', 'drafts', 'drafts/offer.txt']);
    expect(byPath['contract.pdf']).toMatchObject({ kind: 'file', name: 'contract.pdf', size: 1000, mimeType: 'application/pdf' });
    expect(byPath['drafts']).toMatchObject({ kind: 'folder' });
    expect(byPath['contract.pdf'].eTag).not.toBe('');
  });

  check('delete removes a file, and deleting it again is no error', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    await harness().putFile(SAMPLE_RECORD, 'old.txt', sampleBytes(10));
    await harness().putFile(SAMPLE_RECORD, 'keep.txt', sampleBytes(10));
    const old = (await connector.listFolder(SAMPLE_RECORD)).items.find((item) => item.name === 'old.txt');
    await connector.delete(SAMPLE_RECORD, old?.id ?? 'missing');
    await connector.delete(SAMPLE_RECORD, old?.id ?? 'missing');
    expect((await connector.listFolder(SAMPLE_RECORD)).items.map((item) => item.name)).toEqual(['keep.txt']);
  });

  check('a missing root folder is a typed warning that skips the record, and creates nothing', async () => {
    const make = harness().connectorWithMissingRoot;
    if (make === undefined) return;
    const outcome = await make.call(harness()).ensureRecordFolder(SAMPLE_RECORD);
    expect(outcome).toMatchObject({ kind: 'skipped', warning: { code: 'onedrive-root-missing' } });
  });
}
