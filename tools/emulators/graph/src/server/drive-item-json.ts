import { contentSha1, contentSize, type DriveStore, type StoredDrive, type StoredItem } from './drive-store';

/**
 * A drive item in Graph's v1.0 JSON: id, name, size, eTag, cTag, created/lastModifiedDateTime,
 * parentReference (driveId, driveType, id, path), `folder.childCount` or `file.mimeType` and `file.hashes`,
 * `@microsoft.graph.downloadUrl` for a file, `root: {}` for the root, `deleted.state` for a tombstone.
 */
export function driveItemJson(store: DriveStore, drive: StoredDrive, item: StoredItem, downloadUrl: (item: StoredItem) => string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: item.id,
    name: item.name,
    eTag: `"{${item.id}},${item.version}"`,
    cTag: `"c:{${item.id}},${item.contentVersion}"`,
    createdDateTime: new Date(item.createdDateTime).toISOString(),
    lastModifiedDateTime: new Date(item.lastModifiedDateTime).toISOString(),
    size: item.isFolder ? folderSize(store, drive, item) : contentSize(item),
    webUrl: `https://emulator.invalid/${drive.id}/${item.id}`,
    parentReference:
      item.parentId === undefined
        ? { driveId: drive.id, driveType: drive.driveType }
        : { driveId: drive.id, driveType: drive.driveType, id: item.parentId, path: store.parentPath(drive, item) },
  };
  if (item.deleted) {
    json['deleted'] = { state: 'deleted' };
    return json;
  }
  if (item.parentId === undefined) json['root'] = {};
  if (item.isFolder) json['folder'] = { childCount: store.children(drive, item.id).length };
  else {
    json['file'] = { mimeType: item.mimeType, hashes: { sha1Hash: contentSha1(item) } };
    json['@microsoft.graph.downloadUrl'] = downloadUrl(item);
  }
  return json;
}

function folderSize(store: DriveStore, drive: StoredDrive, folder: StoredItem): number {
  let size = 0;
  for (const child of store.children(drive, folder.id)) size += child.isFolder ? folderSize(store, drive, child) : contentSize(child);
  return size;
}
