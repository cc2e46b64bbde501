import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Clock } from '@fieldsync/model';
import { GraphApiError } from './graph-api-error';

/** A drive item the emulator holds: a folder, a file with its bytes, or the tombstone of a deleted one. */
export interface StoredItem {
  readonly id: string;
  name: string;
  parentId: string | undefined;
  readonly isFolder: boolean;
  /** The bytes of a file held in memory; empty when {@link StoredItem.diskBody} holds them. */
  content: Buffer;
  /** A file's bytes kept in a file on disk instead (large files of benchmarks), streamed on download. */
  diskBody?: DiskBody;
  mimeType: string;
  /** Bumped on every change of the item (name, parent, content): the eTag. */
  version: number;
  /** Bumped on a change of the content only: the cTag. */
  contentVersion: number;
  readonly createdDateTime: number;
  lastModifiedDateTime: number;
  /** The drive's change sequence of the item's last change (delta reads what came after a token's sequence). */
  changeSeq: number;
  deleted: boolean;
}

/** The bytes of an item kept in a file on disk: its path, size and SHA-1 (upper-case hex), taken when seeded. */
export interface DiskBody {
  readonly path: string;
  readonly size: number;
  readonly sha1: string;
}

/** The size of a file item's bytes, in memory or on disk. */
export function contentSize(item: StoredItem): number {
  return item.diskBody ? item.diskBody.size : item.content.length;
}

/** The SHA-1 of a file item's bytes as Graph writes it (upper-case hex), in memory or on disk. */
export function contentSha1(item: StoredItem): string {
  return item.diskBody ? item.diskBody.sha1 : DriveStore.sha1(item.content);
}

/** A document library or a OneDrive. */
export interface StoredDrive {
  readonly id: string;
  readonly name: string;
  readonly driveType: 'documentLibrary' | 'business' | 'personal';
  /** The site whose library this is; undefined for a OneDrive. */
  readonly siteId: string | undefined;
  /** The user whose OneDrive this is; undefined for a library. */
  readonly ownerUserId: string | undefined;
  readonly rootId: string;
  readonly items: Map<string, StoredItem>;
  /** The drive's change sequence; every change takes the next number. */
  seq: number;
}

/** A SharePoint site: `hostname,siteCollectionId,webId` and its server-relative path. */
export interface StoredSite {
  readonly id: string;
  readonly hostname: string;
  /** Server-relative path, `/sites/fieldsync`. */
  readonly path: string;
  readonly displayName: string;
  readonly driveIds: string[];
}

/** What a test seeds: a site with its libraries, or a user's OneDrive. */
export interface SeedFile {
  /** Path below the drive root, `Account/Contoso_1234/contract.pdf`; missing folders are created. */
  readonly path: string;
  readonly content: Buffer | string;
  readonly mimeType?: string;
}

const MIME_BY_SUFFIX: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The MIME type Graph reports for a file name (by suffix; `application/octet-stream` otherwise). */
export function mimeTypeOf(name: string): string {
  const suffix = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_SUFFIX[suffix] ?? 'application/octet-stream';
}

function itemId(): string {
  return `01${randomUUID().replace(/-/g, '').toUpperCase().slice(0, 32)}`;
}

/**
 * The emulator's sites, drives and drive items, in memory. Every change of an item takes the drive's
 * next change sequence, which is what delta tokens count.
 */
export class DriveStore {
  readonly sites = new Map<string, StoredSite>();
  readonly drives = new Map<string, StoredDrive>();

  constructor(private readonly clock: Clock) {}

  /** Adds a site with one document library per name (the first is the site's default `drive`). */
  addSite(hostname: string, path: string, libraries: readonly string[] = ['Documents']): StoredSite {
    const id = `${hostname},${randomUUID()},${randomUUID()}`;
    const site: StoredSite = { id, hostname, path, displayName: path.split('/').pop() ?? path, driveIds: [] };
    for (const library of libraries) site.driveIds.push(this.addDrive(library, 'documentLibrary', id, undefined).id);
    this.sites.set(id, site);
    return site;
  }

  /** Adds a user's OneDrive (`/me/drive`, `/users/{id}/drive`). */
  addOneDrive(userId: string): StoredDrive {
    return this.addDrive('OneDrive', 'business', undefined, userId);
  }

  private addDrive(name: string, driveType: StoredDrive['driveType'], siteId: string | undefined, ownerUserId: string | undefined): StoredDrive {
    const id = `b!${randomUUID().replace(/-/g, '')}`;
    const now = this.clock.now();
    const rootId = itemId();
    const root: StoredItem = {
      id: rootId,
      name: 'root',
      parentId: undefined,
      isFolder: true,
      content: Buffer.alloc(0),
      mimeType: '',
      version: 1,
      contentVersion: 1,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeSeq: 1,
      deleted: false,
    };
    const drive: StoredDrive = { id, name, driveType, siteId, ownerUserId, rootId, items: new Map([[rootId, root]]), seq: 1 };
    this.drives.set(id, drive);
    return drive;
  }

  /** The site of a Graph site id (`hostname,guid,guid`) or a `hostname:/server/relative/path` address; 404 `itemNotFound` otherwise. */
  site(address: string): StoredSite {
    const byId = this.sites.get(address);
    if (byId) return byId;
    const match = /^([^:]+):(\/.*?):?$/.exec(address);
    if (match) for (const site of this.sites.values()) if (site.hostname === match[1] && site.path === match[2].replace(/\/$/, '')) return site;
    throw new GraphApiError(404, 'itemNotFound', `Requested site could not be found: '${address}'.`);
  }

  /** A drive by id; 404 `itemNotFound` otherwise. */
  drive(id: string): StoredDrive {
    const drive = this.drives.get(id);
    if (!drive) throw new GraphApiError(404, 'itemNotFound', `The drive '${id}' was not found.`);
    return drive;
  }

  /** A user's OneDrive; 404 `ResourceNotFound` when the user has none (not provisioned). */
  oneDriveOf(userId: string): StoredDrive {
    for (const drive of this.drives.values()) if (drive.ownerUserId === userId) return drive;
    throw new GraphApiError(404, 'ResourceNotFound', `User's mysite not found for '${userId}'.`);
  }

  /** A live item by id; 404 `itemNotFound` otherwise. */
  item(drive: StoredDrive, id: string): StoredItem {
    const item = drive.items.get(id);
    if (!item || item.deleted) throw new GraphApiError(404, 'itemNotFound', `The resource could not be found: item '${id}'.`);
    return item;
  }

  /** The live children of a folder, by name. */
  children(drive: StoredDrive, folderId: string): StoredItem[] {
    const children: StoredItem[] = [];
    for (const item of drive.items.values()) if (item.parentId === folderId && !item.deleted) children.push(item);
    return children.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The live child of a folder with a name (case-insensitive, as SharePoint). */
  child(drive: StoredDrive, folderId: string, name: string): StoredItem | undefined {
    const lower = name.toLowerCase();
    for (const item of drive.items.values()) if (item.parentId === folderId && !item.deleted && item.name.toLowerCase() === lower) return item;
    return undefined;
  }

  /** The item at a path below the root (`a/b/c.pdf`); 404 `itemNotFound` otherwise. */
  itemAtPath(drive: StoredDrive, path: string): StoredItem {
    let current = this.item(drive, drive.rootId);
    for (const segment of path.split('/').filter((s) => s !== '')) {
      const next = this.child(drive, current.id, segment);
      if (!next) throw new GraphApiError(404, 'itemNotFound', `The resource could not be found: '/${path.replace(/^\//, '')}'.`);
      current = next;
    }
    return current;
  }

  /** The path of an item's parent as Graph's `parentReference.path` writes it: `/drive/root:` or `/drive/root:/a/b`. */
  parentPath(drive: StoredDrive, item: StoredItem): string | undefined {
    if (item.parentId === undefined) return undefined;
    const names: string[] = [];
    let current = drive.items.get(item.parentId);
    while (current && current.parentId !== undefined) {
      names.unshift(current.name);
      current = drive.items.get(current.parentId);
    }
    return names.length === 0 ? '/drive/root:' : `/drive/root:/${names.join('/')}`;
  }

  /** Whether `item` lies below `folderId` (or is it). */
  isWithin(drive: StoredDrive, item: StoredItem, folderId: string): boolean {
    let current: StoredItem | undefined = item;
    while (current) {
      if (current.id === folderId) return true;
      current = current.parentId === undefined ? undefined : drive.items.get(current.parentId);
    }
    return false;
  }

  /** Records a change of an item: new eTag, change sequence and modification time. */
  touch(drive: StoredDrive, item: StoredItem, contentChanged: boolean): void {
    item.version++;
    if (contentChanged) item.contentVersion++;
    item.lastModifiedDateTime = this.clock.now();
    item.changeSeq = ++drive.seq;
  }

  /**
   * Creates a folder or file under a parent. A name taken by a live item is settled by `conflict`:
   * `fail` answers 409 `nameAlreadyExists`, `replace` replaces it (a file's content; a folder is kept), `rename` picks `name 1`.
   */
  create(
    drive: StoredDrive,
    parentId: string,
    name: string,
    kind: { readonly folder: true } | { readonly content: Buffer; readonly mimeType?: string },
    conflict: 'fail' | 'replace' | 'rename' = 'fail',
  ): { readonly item: StoredItem; readonly created: boolean } {
    const parent = this.item(drive, parentId);
    if (!parent.isFolder) throw new GraphApiError(400, 'invalidRequest', `The parent '${parent.name}' is not a folder.`);
    if (name === '' || /[\\/:*?"<>|]/.test(name)) throw new GraphApiError(400, 'invalidRequest', `The name '${name}' is not valid for a drive item.`);
    let finalName = name;
    const existing = this.child(drive, parentId, name);
    if (existing) {
      if (conflict === 'fail') throw new GraphApiError(409, 'nameAlreadyExists', `The specified item name already exists. Name: ${name}`);
      if (conflict === 'replace') {
        if ('content' in kind && !existing.isFolder) {
          existing.content = kind.content;
          existing.diskBody = undefined;
          existing.mimeType = kind.mimeType ?? mimeTypeOf(name);
          this.touch(drive, existing, true);
        }
        return { item: existing, created: false };
      }
      const dot = name.lastIndexOf('.');
      const [stem, suffix] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      for (let n = 1; this.child(drive, parentId, finalName); n++) finalName = `${stem} ${n}${suffix}`;
    }
    const now = this.clock.now();
    const item: StoredItem = {
      id: itemId(),
      name: finalName,
      parentId,
      isFolder: 'folder' in kind,
      content: 'content' in kind ? kind.content : Buffer.alloc(0),
      mimeType: 'content' in kind ? (kind.mimeType ?? mimeTypeOf(finalName)) : '',
      version: 1,
      contentVersion: 1,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeSeq: ++drive.seq,
      deleted: false,
    };
    drive.items.set(item.id, item);
    this.touch(drive, parent, false);
    return { item, created: true };
  }

  /** Deletes an item and everything below it (tombstones, which delta reports as `deleted`). */
  delete(drive: StoredDrive, id: string): void {
    const target = this.item(drive, id);
    if (target.parentId === undefined) throw new GraphApiError(403, 'accessDenied', 'The root of a drive cannot be deleted.');
    for (const item of [...drive.items.values()]) {
      if (!item.deleted && this.isWithin(drive, item, id)) {
        item.deleted = true;
        item.changeSeq = ++drive.seq;
      }
    }
    const parent = drive.items.get(target.parentId);
    if (parent) this.touch(drive, parent, false);
  }

  /** Seeds files (and the folders on their paths) into a drive, as a test or a demo does. */
  seed(drive: StoredDrive, files: readonly SeedFile[]): void {
    for (const file of files) {
      const segments = file.path.split('/').filter((s) => s !== '');
      let parentId = drive.rootId;
      for (const folder of segments.slice(0, -1))
        parentId = (this.child(drive, parentId, folder) ?? this.create(drive, parentId, folder, { folder: true }).item).id;
      const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      this.create(drive, parentId, segments[segments.length - 1], { content, mimeType: file.mimeType }, 'replace');
    }
  }

  /**
   * Seeds one file whose bytes stay in a file on disk (`diskFile`, read when downloaded, never held in
   * memory): for large files. Its size and SHA-1 are read once, here. Answers the item.
   */
  async seedFromDisk(drive: StoredDrive, path: string, diskFile: string, mimeType?: string): Promise<StoredItem> {
    const { size } = await stat(diskFile);
    const hash = createHash('sha1');
    for await (const chunk of createReadStream(diskFile)) hash.update(chunk as Buffer);
    const segments = path.split('/').filter((s) => s !== '');
    const folder = this.ensureFolder(drive, segments.slice(0, -1).join('/'));
    const { item } = this.create(drive, folder.id, segments[segments.length - 1], { content: Buffer.alloc(0), mimeType }, 'replace');
    item.diskBody = { path: diskFile, size, sha1: hash.digest('hex').toUpperCase() };
    return item;
  }

  /** Ensures a folder path below the root exists (creating missing ones), answering the last folder. */
  ensureFolder(drive: StoredDrive, path: string): StoredItem {
    let parentId = drive.rootId;
    for (const folder of path.split('/').filter((s) => s !== ''))
      parentId = (this.child(drive, parentId, folder) ?? this.create(drive, parentId, folder, { folder: true }).item).id;
    return this.item(drive, parentId);
  }

  /** The content hash reported under `file.hashes.sha1Hash`: SHA-1 in upper-case hex, as Graph writes it. */
  static sha1(content: Buffer): string {
    return createHash('sha1').update(content).digest('hex').toUpperCase();
  }
}
