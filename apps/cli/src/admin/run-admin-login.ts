import { existsSync } from 'node:fs';
import path from 'node:path';
import { FieldsyncError } from '@fieldsync/model';
import type { CommandContext } from '../cli/command-context';
import { resolveLoginPassword } from '../commands/resolve-login-password';
import { AdminRoleRequiredError } from '../errors/admin-errors';
import { InvalidOptionError } from '../errors/cli-errors';
import { AdminClient, adminGraphqlClient, signInAdmin } from './admin-client';
import { adminCheckRequest } from './admin-operations';
import { adminSessionPath, deleteAdminSession, readAdminSession, writeAdminSession } from './admin-session-file';

/** The options of `fieldsync admin login`, as commander hands them over. */
export interface AdminLoginOptions {
  readonly bridge: string;
  readonly user: string;
  readonly password?: string;
  readonly passwordStdin?: boolean;
  readonly ca?: string;
  readonly session?: string;
  readonly json?: boolean;
}

/**
 * Signs in to a bridge without a device, checks that the user may use the admin API, and keeps the
 * session in the session file. A user without the admin role is refused and nothing is stored.
 */
export async function runAdminLogin(options: AdminLoginOptions, context: CommandContext): Promise<void> {
  let url: URL;
  try {
    url = new URL(options.bridge);
  } catch {
    throw new InvalidOptionError('--bridge', `'${options.bridge}' is not a URL such as https://bridge.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError('--bridge', `use http:// or https://, not ${url.protocol}`);
  const ca = options.ca === undefined ? undefined : path.resolve(context.io.cwd, options.ca);
  if (ca !== undefined && !existsSync(ca)) throw new InvalidOptionError('--ca', `${ca} does not exist`);
  const file = adminSessionPath(options.session, context.io.cwd);
  const password = await resolveLoginPassword(options, context.io);
  const bridge = url.origin;
  const client = adminGraphqlClient(bridge, ca);
  try {
    const session = await signInAdmin(client, options.user, password);
    try {
      await client.request(adminCheckRequest, session.accessToken);
    } catch (error) {
      if (error instanceof FieldsyncError && error.code === 'FORBIDDEN') {
        await client.request({ operationName: 'SignOut', query: 'mutation SignOut { signOut }' }, session.accessToken).catch(() => undefined);
        throw new AdminRoleRequiredError(options.user, error.message);
      }
      throw error;
    }
    writeAdminSession(file, { bridge, userName: options.user, ...(ca ? { ca } : {}), session });
  } finally {
    await client.close();
  }
  if (options.json) context.printer.line(JSON.stringify({ bridge, userName: options.user, sessionFile: file }));
  else context.printer.line(`Signed in to ${bridge} as ${options.user} (admin); session kept in ${file}.`);
}

/** Ends the admin session on the bridge (when it still works) and deletes the session file. */
export async function runAdminLogout(options: { readonly session?: string; readonly json?: boolean }, context: CommandContext): Promise<void> {
  const file = adminSessionPath(options.session, context.io.cwd);
  const had = readAdminSession(file) !== undefined;
  if (had) {
    const client = AdminClient.open(file);
    try {
      await client.signOut();
    } catch {
      // An unreachable bridge must not keep the tokens on disk: the file goes all the same.
    } finally {
      await client.close();
    }
  }
  deleteAdminSession(file);
  if (options.json) context.printer.line(JSON.stringify({ loggedOut: had, sessionFile: file }));
  else context.printer.line(had ? `Logged out; ${file} deleted.` : `No admin session in ${file}.`);
}
