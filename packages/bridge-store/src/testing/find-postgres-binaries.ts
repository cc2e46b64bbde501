import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where the PostgreSQL server programs a test server needs live. */
export interface PostgresBinaries {
  /** The directory holding `initdb`, `pg_ctl` and `postgres`. */
  readonly binDir: string;
  readonly initdb: string;
  readonly pgCtl: string;
}

/**
 * Finds `initdb` and `pg_ctl`: in `pg_config --bindir` first, else in the newest
 * `/usr/lib/postgresql/<version>/bin` (Debian keeps them off the PATH). Undefined when there are none,
 * e.g. when only the client library is installed.
 */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  for (const dir of candidateDirs()) {
    const initdb = path.join(dir, 'initdb');
    const pgCtl = path.join(dir, 'pg_ctl');
    if (isExecutable(initdb) && isExecutable(pgCtl)) return { binDir: dir, initdb, pgCtl };
  }
  return undefined;
}

function candidateDirs(): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // No pg_config on the PATH: look where the distribution puts the server.
  }
  const debianRoot = '/usr/lib/postgresql';
  const versions = fs.existsSync(debianRoot) ? fs.readdirSync(debianRoot).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  dirs.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
  return dirs.filter((dir) => dir !== '');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
