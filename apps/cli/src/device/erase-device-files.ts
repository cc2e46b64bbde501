import { rmSync } from 'node:fs';
import { filesDirBeside } from '@fieldsync/sync-core/node';
import { deleteDeviceCredentials } from './device-credentials';
import { schedulerMemoryFile } from './file-scheduler-memory';

/** Deletes a device database (with its WAL and journal), its files folder (`Blob/`), its stored bridge login and its scheduler memory: an administrator's wipe. */
export function eraseDeviceFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  rmSync(filesDirBeside(file), { recursive: true, force: true });
  deleteDeviceCredentials(file);
  rmSync(schedulerMemoryFile(file), { force: true });
}
