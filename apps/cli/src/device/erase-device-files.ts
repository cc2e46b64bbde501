import { rmSync } from 'node:fs';
import { deleteDeviceCredentials } from './device-credentials';

/** Deletes a device database (with its WAL and journal) and its stored bridge login: an administrator's wipe. */
export function eraseDeviceFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  deleteDeviceCredentials(file);
}
