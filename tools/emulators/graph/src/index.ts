/**
 * @fieldsync/emulator-graph: a Microsoft Graph v1.0 emulator (SharePoint sites and libraries,
 * OneDrive, drive items, delta, downloadUrl with Range, upload sessions, faults) with the shared
 * Azure AD token endpoint, over HTTPS on loopback, for tests and demos. See decision 172.
 */
export { contentSha1, contentSize, DriveStore, type DiskBody, type SeedFile, type StoredDrive, type StoredItem, type StoredSite } from './server/drive-store';
export type { GraphEmulatorFaults, GraphInjectedFailure } from './server/faults';
export { DEFAULT_GRAPH_APPS, DEFAULT_GRAPH_USERS, type GraphEmulatorOptions, type GraphEmulatorUser } from './server/graph-emulator-options';
export { type GraphEmulator, startGraphEmulator } from './server/start-graph-emulator';
export { UPLOAD_CHUNK_MULTIPLE } from './server/upload-sessions';
