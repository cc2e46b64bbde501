import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BridgeSession } from '@fieldsync/connector-bridge';
import { AdminSessionInvalidError } from '../errors/admin-errors';

/** What `fieldsync admin login` keeps: where the bridge is, who signed in, and the session's tokens. */
export interface AdminSessionFile {
  /** The bridge's origin, e.g. `https://bridge.example.com`. */
  readonly bridge: string;
  readonly userName: string;
  /** A PEM file trusted for the bridge's HTTPS certificate (absolute), when not the system's roots. */
  readonly ca?: string;
  /** The session; the refresh token is single use, so the file is rewritten at each refresh. */
  readonly session: BridgeSession;
}

/**
 * The admin session file: `--session <file>` resolved against `cwd`, else `$FIELDSYNC_ADMIN_SESSION`,
 * else `~/.fieldsync/admin.json`.
 */
export function adminSessionPath(option: string | undefined, cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined) return path.resolve(cwd, option);
  const fromEnv = env.FIELDSYNC_ADMIN_SESSION;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(cwd, fromEnv);
  return path.join(os.homedir(), '.fieldsync', 'admin.json');
}

/** The stored admin session, or undefined when there is none. Throws {@link AdminSessionInvalidError} for an unreadable file. */
export function readAdminSession(file: string): AdminSessionFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as AdminSessionFile;
    if (typeof parsed.bridge !== 'string' || typeof parsed.session?.accessToken !== 'string' || typeof parsed.session.refreshToken !== 'string')
      throw new Error('fields missing');
    return parsed;
  } catch (error) {
    throw new AdminSessionInvalidError(file, (error as Error).message);
  }
}

/** Writes the session atomically (temp file, then rename), mode 0600, creating its folder. */
export function writeAdminSession(file: string, content: AdminSessionFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Deletes the session file (logout). */
export function deleteAdminSession(file: string): void {
  rmSync(file, { force: true });
}
