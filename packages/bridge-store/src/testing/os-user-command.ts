import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The OS user that runs PostgreSQL's programs when we are root (initdb refuses root). */
export const POSTGRES_OS_USER = 'postgres';

/** True when this process runs as root, where PostgreSQL's programs must run as another user. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The uid and gid of {@link POSTGRES_OS_USER}; throws a clear error when there is no such user. */
export function postgresOsUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, POSTGRES_OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new Error(
      `running as root, PostgreSQL's programs must run as the '${POSTGRES_OS_USER}' OS user, and there is none (the postgresql package creates it)`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The command and arguments that run `program args` as {@link POSTGRES_OS_USER} when we are root
 * (`runuser -u postgres --`, else `su postgres -c`), or as ourselves otherwise.
 */
export function asPostgresUser(program: string, args: readonly string[]): { command: string; args: string[] } {
  if (!runningAsRoot()) return { command: program, args: [...args] };
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((file) => fs.existsSync(file));
  if (runuser) return { command: runuser, args: ['-u', POSTGRES_OS_USER, '--', program, ...args] };
  return { command: 'su', args: [POSTGRES_OS_USER, '-s', '/bin/sh', '-c', [program, ...args].map(shellQuote).join(' ')] };
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
