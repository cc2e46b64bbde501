import { open } from 'node:fs/promises';
import { mulberry32, seededBytes } from './seeded-bytes';

/** Writes `size` bytes from a seeded PRNG to `file`, 1 MiB at a time (never the whole file in memory). */
export async function writeSeededFile(file: string, size: number, seed: number): Promise<void> {
  const next = mulberry32(seed);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = seededBytes(next, Math.min(1024 * 1024, size - written));
      await handle.write(chunk);
      written += chunk.byteLength;
    }
  } finally {
    await handle.close();
  }
}
