import type { DocumentRecord } from '@fieldsync/connector-api';
import { createGraphDocumentsConnector, type GraphDocumentsConfig, type OneDriveTarget, type SharePointTarget } from '@fieldsync/connector-graph';
import { ConformanceClock, type DocumentsHarness } from '@fieldsync/connector-testkit';
import { startGraphEmulator, type StoredDrive } from '@fieldsync/emulator-graph';

/** Which Graph backend the harness stands up. */
export type GraphDocumentsKind = 'sharepoint' | 'onedrive';

/** The OneDrive root folder record folders go in. */
const ONEDRIVE_ROOT = 'Fieldsync';

/** A record's folder as an admin expects it (docs/documents.md), written out here independently of the connector. */
function expectedFolderPath(kind: GraphDocumentsKind, record: DocumentRecord): string {
  const name = record.name.replace(/[:/]/g, '_');
  return kind === 'sharepoint'
    ? `${record.entity}/${name}_${record.id.replace(/-/g, '').toUpperCase()}`
    : `${ONEDRIVE_ROOT}/${record.entity}/${name}_${record.id}`;
}

/**
 * A Graph emulator with a SharePoint site (library `Documents`) or a user's OneDrive (root folder
 * `Fieldsync`), and a Graph documents connector to it that signs in with msal-node (client credentials),
 * on a {@link ConformanceClock}, uploading in 320 KiB chunks.
 */
export async function createGraphDocumentsHarness(kind: GraphDocumentsKind): Promise<DocumentsHarness> {
  const clock = new ConformanceClock(Date.parse('2026-12-05T09:00:00Z'));
  const emulator = await startGraphEmulator({ clock });
  let drive: StoredDrive;
  let target: SharePointTarget | OneDriveTarget;
  if (kind === 'sharepoint') {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents', 'Archive']);
    drive = emulator.store.drive(site.driveIds[0]);
    target = { kind: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:', library: 'Documents' };
  } else {
    drive = emulator.store.oneDriveOf('8d2f5c52-52a7-4c43-9b1c-7d1b0f6b1a01');
    emulator.store.ensureFolder(drive, ONEDRIVE_ROOT);
    target = { kind: 'onedrive', user: 'alex@contoso.example', root: ONEDRIVE_ROOT };
  }
  const config = (forTarget: SharePointTarget | OneDriveTarget): GraphDocumentsConfig => ({
    credentials: { tenantId: emulator.tenantId, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
    authority: {
      authority: emulator.authority,
      knownAuthorities: [emulator.knownAuthority],
      authorityMetadata: emulator.authorityMetadata,
      cloudDiscoveryMetadata: emulator.cloudDiscoveryMetadata,
    },
    graphUrl: emulator.url,
    scope: emulator.scope,
    ca: emulator.ca,
    clock,
    uploadChunkBytes: 320 * 1024,
    target: forTarget,
  });
  const connectors = [createGraphDocumentsConnector(config(target))];
  const folderOf = (record: DocumentRecord) => expectedFolderPath(kind, record);
  return {
    connector: connectors[0],
    clock,
    expectedFolderPath: folderOf,
    async folderExists(path) {
      try {
        return emulator.store.itemAtPath(drive, path).isFolder;
      } catch {
        return false;
      }
    },
    async putFile(record, path, content) {
      emulator.store.seed(drive, [{ path: `${folderOf(record)}/${path}`, content }]);
    },
    async deleteFile(record, path) {
      emulator.store.delete(drive, emulator.store.itemAtPath(drive, `${folderOf(record)}/${path}`).id);
    },
    invalidateCursors: () => emulator.invalidateDeltaTokens(),
    throttle: (n, seconds) => emulator.faults.throttle(n, seconds),
    cutUpload: (after) => emulator.faults.cutUpload(after),
    ...(kind === 'onedrive'
      ? {
          connectorWithMissingRoot() {
            const connector = createGraphDocumentsConnector(config({ kind: 'onedrive', user: 'alex@contoso.example', root: 'Not There' }));
            connectors.push(connector);
            return connector;
          },
        }
      : {}),
    async teardown() {
      for (const connector of connectors) await connector.close();
      await emulator.close();
    },
  };
}
