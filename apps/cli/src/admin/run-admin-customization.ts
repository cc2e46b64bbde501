import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../cli/command-context';
import { CustomizationFileInvalidError, CustomizationRefusedError, type CustomizationProblem } from '../errors/admin-errors';
import { InvalidOptionError } from '../errors/cli-errors';
import { AdminClient } from './admin-client';
import {
  checkCustomizationRequest,
  dryRunCustomizationRequest,
  newestRevisionRequest,
  publishCustomizationRequest,
  type PublicationInput,
} from './customization-operations';
import { adminSessionPath } from './admin-session-file';

/** The options of `fieldsync admin customization publish|diff|dry-run FILE`. */
export interface AdminCustomizationOptions {
  /** `NAME` or `NAME:PRIORITY` (priority 10 when absent), repeatable; default: the file's roles, else the newest revision's. */
  readonly role?: readonly string[];
  readonly comment?: string;
  readonly minAppVersion?: string;
  readonly settingsReadOnly?: boolean;
  /** `diff`: the revision to compare with (default: the newest). */
  readonly against?: string;
  readonly session?: string;
  readonly json?: boolean;
}

/** A customization file: the document itself, or a publication (`content` with `roles` and options). */
interface CustomizationFile {
  readonly content: unknown;
  readonly roles?: PublicationInput['roles'];
  readonly minAppVersion?: string;
  readonly settingsReadOnly?: boolean;
  readonly comment?: string;
}

const DEFAULT_PRIORITY = 10;

function readCustomizationFile(file: string, cwd: string): CustomizationFile {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CustomizationFileInvalidError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CustomizationFileInvalidError(file, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CustomizationFileInvalidError(file, 'is not a JSON object');
  const object = parsed as Record<string, unknown>;
  // A publication names its document `content`; a bare document has `entities` at the top.
  if (!('content' in object)) return { content: object };
  return {
    content: object.content,
    ...(Array.isArray(object.roles) ? { roles: object.roles as PublicationInput['roles'] } : {}),
    ...(typeof object.minAppVersion === 'string' ? { minAppVersion: object.minAppVersion } : {}),
    ...(typeof object.settingsReadOnly === 'boolean' ? { settingsReadOnly: object.settingsReadOnly } : {}),
    ...(typeof object.comment === 'string' ? { comment: object.comment } : {}),
  };
}

function parseRole(option: string): { role: string; priority: number } {
  const match = /^(.*?)(?::(\d+))?$/.exec(option);
  const role = match?.[1]?.trim() ?? '';
  if (role === '') throw new InvalidOptionError('--role', `'${option}' names no role (NAME or NAME:PRIORITY)`);
  return { role, priority: match?.[2] === undefined ? DEFAULT_PRIORITY : Number(match[2]) };
}

async function publicationOf(client: AdminClient, file: string, options: AdminCustomizationOptions, context: CommandContext): Promise<PublicationInput> {
  const read = readCustomizationFile(file, context.io.cwd);
  let roles = options.role && options.role.length > 0 ? options.role.map(parseRole) : read.roles;
  if (!roles) {
    const newest = ((await client.request(newestRevisionRequest)).customizations as { roles: PublicationInput['roles'] }[])[0];
    roles = newest?.roles.map((assignment) => ({ role: assignment.role, priority: assignment.priority })) ?? [];
  }
  const comment = options.comment ?? read.comment;
  const minAppVersion = options.minAppVersion ?? read.minAppVersion;
  const settingsReadOnly = options.settingsReadOnly ?? read.settingsReadOnly;
  return {
    content: read.content,
    roles,
    ...(comment !== undefined ? { comment } : {}),
    ...(minAppVersion !== undefined ? { minAppVersion } : {}),
    ...(settingsReadOnly !== undefined ? { settingsReadOnly } : {}),
  };
}

/** With `--json` the problems go to stdout as JSON too; either way the refusal is the error (exit code 2). */
function refuse(file: string, problems: readonly CustomizationProblem[], options: AdminCustomizationOptions, context: CommandContext): never {
  if (options.json) context.printer.line(JSON.stringify({ ok: false, userErrors: problems }, null, 2));
  throw new CustomizationRefusedError(file, problems);
}

async function withClient<T>(options: AdminCustomizationOptions, context: CommandContext, work: (client: AdminClient) => Promise<T>): Promise<T> {
  const client = AdminClient.open(adminSessionPath(options.session, context.io.cwd));
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

interface Changes {
  readonly empty: boolean;
  readonly entities: readonly {
    entity: string;
    change: string;
    fieldsAdded: string[];
    fieldsRemoved: string[];
    filter: { before: string | null; after: string | null } | null;
    options: { name: string; before: unknown; after: unknown }[];
  }[];
  readonly settings: readonly { name: string; change: string; before: unknown; after: unknown }[];
  readonly blobStoreFilter: { before: string | null; after: string | null } | null;
}

function printChanges(changes: Changes, against: number | null, context: CommandContext): void {
  const { printer } = context;
  const base = against ? `revision ${against}` : 'nothing published';
  if (changes.empty) return printer.line(`No change against ${base}.`);
  printer.line(`Changes against ${base}:`);
  for (const entity of changes.entities) {
    if (entity.change !== 'changed') {
      printer.line(`${entity.change === 'added' ? '+' : '-'} entity ${entity.entity}`);
      continue;
    }
    printer.line(`~ entity ${entity.entity}`);
    if (entity.fieldsAdded.length > 0) printer.line(`    + fields ${entity.fieldsAdded.join(', ')}`);
    if (entity.fieldsRemoved.length > 0) printer.line(`    - fields ${entity.fieldsRemoved.join(', ')}`);
    if (entity.filter) printer.line(`    ~ sync filter ${entity.filter.before === null ? 'added' : entity.filter.after === null ? 'removed' : 'changed'}`);
    for (const option of entity.options) printer.line(`    ~ ${option.name}: ${JSON.stringify(option.before)} -> ${JSON.stringify(option.after)}`);
  }
  for (const setting of changes.settings) {
    const sign = setting.change === 'added' ? '+' : setting.change === 'removed' ? '-' : '~';
    printer.line(`${sign} setting ${setting.name}: ${JSON.stringify(setting.before)} -> ${JSON.stringify(setting.after)}`);
  }
  if (changes.blobStoreFilter) printer.line('~ blob store filter changed');
}

/** `admin customization diff FILE`: validates the file and prints what differs from a revision (the newest by default). */
export async function runAdminCustomizationDiff(file: string, options: AdminCustomizationOptions, context: CommandContext): Promise<void> {
  const against = options.against === undefined ? undefined : Number(options.against);
  if (against !== undefined && (!Number.isInteger(against) || against < 1)) {
    throw new InvalidOptionError('--against', `'${options.against}' is not a revision number`);
  }
  const read = readCustomizationFile(file, context.io.cwd);
  const checked = await withClient(
    options,
    context,
    async (client) =>
      (await client.request(checkCustomizationRequest(read.content, against))).checkCustomization as {
        userErrors: CustomizationProblem[];
        warnings: { field: string; message: string }[];
        againstRevision: number | null;
        changes: Changes | null;
      },
  );
  if (checked.userErrors.length > 0 || !checked.changes) refuse(file, checked.userErrors, options, context);
  if (options.json) {
    context.printer.line(JSON.stringify({ ok: true, againstRevision: checked.againstRevision, warnings: checked.warnings, changes: checked.changes }, null, 2));
    return;
  }
  printChanges(checked.changes, checked.againstRevision, context);
  for (const warning of checked.warnings) context.printer.line(`warning: ${warning.field}: ${warning.message}`);
}

interface DryRunDevice {
  readonly device: { deviceId: string; name: string; user: { userName: string } };
  readonly currentRevision: number | null;
  readonly needsFullSync: boolean;
  readonly entities: string[];
  readonly downloads: { entity: string; records: number }[];
  readonly reasons: string[];
}

/** `admin customization dry-run FILE`: which devices publishing the file would send to a full sync, of what, with how many records. */
export async function runAdminCustomizationDryRun(file: string, options: AdminCustomizationOptions, context: CommandContext): Promise<void> {
  const answer = await withClient(options, context, async (client) => {
    const input = await publicationOf(client, file, options, context);
    return {
      roles: input.roles,
      result: (await client.request(dryRunCustomizationRequest(input))).dryRunCustomization as { userErrors: CustomizationProblem[]; devices: DryRunDevice[] },
    };
  });
  if (answer.result.userErrors.length > 0) refuse(file, answer.result.userErrors, options, context);
  const devices = answer.result.devices;
  const affected = devices.filter((device) => device.needsFullSync);
  const records = affected.reduce((sum, device) => sum + device.downloads.reduce((total, download) => total + download.records, 0), 0);
  if (options.json) {
    context.printer.line(
      JSON.stringify(
        {
          ok: true,
          roles: answer.roles,
          devices: devices.map((entry) => ({
            deviceId: entry.device.deviceId,
            name: entry.device.name,
            user: entry.device.user.userName,
            currentRevision: entry.currentRevision,
            needsFullSync: entry.needsFullSync,
            downloads: entry.downloads,
            reasons: entry.reasons,
          })),
          totals: { devices: devices.length, needingFullSync: affected.length, records },
        },
        null,
        2,
      ),
    );
    return;
  }
  context.printer.table(
    ['DEVICE', 'USER', 'NAME', 'NOW', 'FULL SYNC OF'],
    devices.map((entry) => [
      entry.device.deviceId,
      entry.device.user.userName,
      entry.device.name,
      entry.currentRevision === null ? 'none' : `rev ${entry.currentRevision}`,
      entry.downloads.length === 0 ? '-' : entry.downloads.map((download) => `${download.entity} (${download.records})`).join(', '),
    ]),
  );
  context.printer.line(`${affected.length} of ${devices.length} device(s) would need a full sync: ${records} record(s) to download.`);
}

/** `admin customization publish FILE`: validates and publishes the file for its roles (the newest revision's when none are given). */
export async function runAdminCustomizationPublish(file: string, options: AdminCustomizationOptions, context: CommandContext): Promise<void> {
  const answer = await withClient(options, context, async (client) => {
    const input = await publicationOf(client, file, options, context);
    return (await client.request(publishCustomizationRequest(input))).publishCustomization as {
      customization: { revision: number; version: string; roles: PublicationInput['roles']; publishedAt: string; warnings: unknown[] } | null;
      userErrors: CustomizationProblem[];
    };
  });
  if (!answer.customization) refuse(file, answer.userErrors, options, context);
  const published = answer.customization;
  if (options.json) {
    context.printer.line(JSON.stringify({ ok: true, ...published }, null, 2));
    return;
  }
  context.printer.line(
    `Published revision ${published.revision} (${published.version.slice(0, 12)}) for ${published.roles.map((role) => `${role.role} (${role.priority})`).join(', ')}.`,
  );
}
