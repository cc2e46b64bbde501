/**
 * `@fieldsync/sync-core/node`: what only a Node host needs, kept out of the main entry so that a
 * browser or React Native bundle of the engine pulls in no Node built-in and no native addon. On other
 * hosts, open a `Kysely` over the platform's SQLite and check it with `verifyDeviceDatabase`.
 */
export type { OpenDeviceDatabaseOptions } from './open-device-database';
export { openDeviceDatabase } from './open-device-database';
export { createFileBlobStorage, filesDirBeside, readFileChunks } from './file-blob-storage';
