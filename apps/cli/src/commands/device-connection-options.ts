import type { Command } from 'commander';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import type { DirectBackendOptions } from '../device/direct-backend-connector';

/** The options of the device commands that talk to the server, as commander hands them over. */
export interface DeviceConnectionOptions extends Partial<Omit<DirectBackendOptions, 'backend' | 'user' | 'password'>> {
  readonly db: string;
  /** An embedded CRM file to sync with directly; absent: through the bridge the database logged in to. */
  readonly crm?: string;
  readonly user?: string;
  readonly password: string;
  readonly customization?: string;
  readonly json?: boolean;
  /** `embedded` (with `--crm`), `salesforce` (with `--login-url`) or `dynamics` (with `--environment-url`, `--tenant`); absent: embedded with --crm, else the bridge. */
  readonly backend?: string;
}

/** Adds `--db`, `--crm`, `--user`, `--password`, `--customization` and `--json` to a device command that syncs. */
export function addDeviceConnectionOptions(command: Command): Command {
  return command
    .requiredOption('--db <path>', 'device database file (created by the first sync)')
    .option('--crm <path>', 'sync with this embedded CRM file directly (see fieldsync crm seed); default: through the bridge of `device login`')
    .option('--user <name>', 'CRM user the device signs in as (with --crm)')
    .option('--password <password>', 'password of --user (with --crm)', DEMO_PASSWORD)
    .option(
      '--backend <name>',
      'sync with a CRM directly, without a bridge: embedded (with --crm), salesforce (with --login-url) or dynamics (with --environment-url and --tenant)',
    )
    .option('--login-url <url>', 'Salesforce login URL (with --backend salesforce), e.g. https://login.salesforce.com or a fieldsync emulate salesforce URL')
    .option('--external-id-field <name>', 'Salesforce external-id field that makes creates idempotent (with --backend salesforce)', 'Fieldsync_Id__c')
    .option(
      '--environment-url <url>',
      'Dataverse environment URL (with --backend dynamics), e.g. https://contoso.crm.dynamics.com or a fieldsync emulate dataverse URL',
    )
    .option('--tenant <id>', 'Azure AD tenant id or domain (with --backend dynamics)')
    .option('--client-id <id>', 'app registration client id allowing public client flows (with --backend dynamics)', 'fieldsync')
    .option('--authority <url>', 'Azure AD authority up to the tenant (with --backend dynamics); default https://login.microsoftonline.com/<tenant>')
    .option('--ca <file>', "PEM certificates to trust besides the system ones (with --backend dynamics), e.g. an emulator's")
    .option(
      '--customization <file>',
      'customization JSON, when syncing directly (a bridge sends its own); default: the one the device stored, else every entity',
    )
    .option('--json', 'print the sync summary as JSON');
}
