import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BridgeSession } from '@fieldsync/connector-bridge';
import type { CommandContext } from '../cli/command-context';
import { InvalidOptionError } from '../errors/cli-errors';
import { deleteDeviceCredentials, readDeviceCredentials, writeDeviceCredentials } from '../device/device-credentials';
import { resolveLoginPassword } from './resolve-login-password';

interface DeviceLoginOptions {
  readonly bridge: string;
  readonly db: string;
  readonly user: string;
  readonly password?: string;
  readonly passwordStdin?: boolean;
  readonly ca?: string;
  readonly deviceName?: string;
}

/**
 * Registers `fieldsync device login` (sign in to a bridge, register this device, keep the session
 * beside the database) and `fieldsync device logout` (forget it).
 */
export function registerDeviceLoginCommand(device: Command, context: CommandContext): void {
  device
    .command('login')
    .description('Sign in to a bridge as a user, register this device, and keep the session beside the device database.')
    .requiredOption('--bridge <url>', 'the bridge, e.g. https://bridge.example.com or http://127.0.0.1:4000')
    .requiredOption('--db <path>', 'device database file (created by the first sync)')
    .requiredOption('--user <name>', 'CRM user name')
    .option('--password <password>', "the user's password; other users see it in ps and the shell keeps it: prefer --password-stdin or the prompt")
    .addOption(new Option('--password-stdin', 'read the password from the first line of standard input').conflicts('password'))
    .option('--ca <file>', "PEM certificate to trust for the bridge's HTTPS (a self-signed one)")
    .option('--device-name <name>', 'how the device shows in the admin console (default: the host name)')
    .addHelpText(
      'after',
      '\nWithout --password or --password-stdin the password is asked for on the terminal, without echo.\n' +
        '\nExamples:\n  fieldsync device login --bridge http://127.0.0.1:4000 --db alice.db --user alice\n' +
        '  printf \'%s\\n\' "$PASSWORD" | fieldsync device login --bridge https://bridge.example.com --db alice.db --user alice --password-stdin\n' +
        '  fieldsync device sync --db alice.db',
    )
    .action(async (options: DeviceLoginOptions) => {
      const { createBridgeConnector } = require('@fieldsync/connector-bridge') as typeof import('@fieldsync/connector-bridge');
      const { undiciFetch } = require('@fieldsync/connector-bridge/node') as typeof import('@fieldsync/connector-bridge/node');
      const { CLI_APP_VERSION, deviceDescription } = require('../device/bridge-device-connector') as typeof import('../device/bridge-device-connector');
      let url: URL;
      try {
        url = new URL(options.bridge);
      } catch {
        throw new InvalidOptionError('--bridge', `'${options.bridge}' is not a URL such as https://bridge.example.com`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError('--bridge', `use http:// or https://, not ${url.protocol}`);
      const file = path.resolve(context.io.cwd, options.db);
      const ca = options.ca === undefined ? undefined : path.resolve(context.io.cwd, options.ca);
      if (ca !== undefined && !existsSync(ca)) throw new InvalidOptionError('--ca', `${ca} does not exist`);
      const password = await resolveLoginPassword(options, context.io);
      // A device keeps its id across logins (the admin console tracks it); a new database gets a new one.
      const previous = readDeviceCredentials(file);
      const deviceId = previous?.deviceId ?? randomUUID();
      const bridge = url.origin;
      let session: BridgeSession | undefined;
      const connector = createBridgeConnector({
        url: bridge,
        userName: options.user,
        password,
        deviceId,
        appVersion: CLI_APP_VERSION,
        fetch: undiciFetch(ca ? { ca: readFileSync(ca) } : {}),
        onSession: (next) => void (session = next),
      });
      try {
        await connector.signIn();
        await connector.registerDevice({ deviceId, ...deviceDescription(options.deviceName) });
      } finally {
        await connector.close();
      }
      if (!session) throw new Error('the bridge answered no session');
      mkdirSync(path.dirname(file), { recursive: true });
      writeDeviceCredentials(file, { bridge, userName: options.user, deviceId, ...(ca ? { ca } : {}), session });
      // A new sign-in: a Refresh Mode toggle no longer holds the device's syncs back.
      if (existsSync(file)) {
        const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
        await withLocalDevice(options.db, context, ({ local }) => local.noteSignIn());
      }
      context.printer.line(`Signed in to ${bridge} as ${options.user}; device ${deviceId} registered.`);
      context.printer.line(`Next: fieldsync device sync --db ${options.db}`);
    });

  device
    .command('logout')
    .description('Forget the bridge login of a device database (its data stays).')
    .requiredOption('--db <path>', 'device database file')
    .action((options: { db: string }) => {
      const file = path.resolve(context.io.cwd, options.db);
      const had = readDeviceCredentials(file) !== undefined;
      deleteDeviceCredentials(file);
      context.printer.line(had ? `Logged out: ${file} keeps its data and no longer syncs until the next login.` : `${file} was not logged in.`);
    });
}
