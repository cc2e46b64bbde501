import semver from 'semver';
import { randomUUID } from '../ids/random-uuid';
import {
  DeviceRevokedError,
  NoCustomizationError,
  planPartOf,
  type CustomizationOffer,
  type DeviceChannel,
  type DeviceCommand,
  type DeviceCommandKind,
  type DeviceControlState,
  type DeviceRegistration,
  type SyncPlan,
  type SyncPlanRequest,
  type SyncTrackingReport,
} from '@fieldsync/connector-api';
import {
  FieldsyncError,
  customizationPartHashes,
  parseCustomization,
  systemClock,
  type Clock,
  type Customization,
  type CustomizationPartHashes,
  type Schema,
} from '@fieldsync/model';

/** How {@link createInMemoryDeviceChannel} sets the bridge side up. */
export interface InMemoryDeviceChannelOptions {
  /** The CRM schema published customizations are validated against (a function: read at each publish). */
  readonly schema: Schema | (() => Schema);
  /** Stamps commands and uploads. @default the system clock */
  readonly clock?: Clock;
  /** The admin named on commands. @default 'admin' */
  readonly admin?: string;
  /** The device the channel's session is bound to: `registerDevice` refuses any other (`DEVICE_NOT_BOUND`). @default 'in-memory-device' */
  readonly deviceId?: string;
  /**
   * The bridge knows the device already (it registered before, as `fieldsync device login` does).
   * With false, every call but `registerDevice` and `customization` throws `DEVICE_NOT_REGISTERED` until it registers.
   * @default true
   */
  readonly registered?: boolean;
}

/** Longest sync log the bridge takes (`MAX_SYNC_LOG_BYTES` of the device API). */
const MAX_SYNC_LOG_BYTES = 4 * 1024 * 1024;
/** Longest message of a command report the bridge takes. */
const MAX_COMMAND_MESSAGE = 2000;
/** Longest registration name and OS the bridge takes. */
const MAX_REGISTRATION_TEXT = 200;
/** A sync id as the bridge takes it: 1 to 128 letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit. */
const SYNC_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const SYNC_FIGURES = ['durationMs', 'uploads', 'uploadErrors', 'retries', 'downloaded'] as const;

/** Options of {@link InMemoryDeviceChannel.publish}. */
export interface PublishOptions {
  /** The oldest app version that may use it. */
  readonly minAppVersion?: string;
  /** @default false */
  readonly settingsReadOnly?: boolean;
}

/** A customization revision as the in-memory bridge stores it. */
export interface PublishedRevision {
  readonly revision: number;
  readonly customization: Customization;
  readonly partHashes: CustomizationPartHashes;
  readonly minAppVersion?: string;
  readonly settingsReadOnly: boolean;
}

/** A command with the bridge's bookkeeping. */
export interface InMemoryCommand extends DeviceCommand {
  readonly deliveredAt?: string;
  readonly completedAt?: string;
  readonly message?: string;
}

type ChannelMethod = keyof DeviceChannel;

/**
 * A complete in-memory implementation of the {@link DeviceChannel} contract for one device, with the
 * admin's side (lock, unlock, wipe, force a full sync, publish a customization) and inspection of
 * what the device reported. It behaves as the bridge's device API does, and passes the same
 * conformance suite (`describeDeviceChannelConformance`): a wiped device may still learn its order and
 * report it done, every other call throws `DeviceRevokedError`; bad input is refused with
 * `BAD_USER_INPUT` (`details.field`, `details.reason`) and changes nothing; answers travel as JSON
 * (nothing is shared with the device); reports are stored once per sync id.
 */
export class InMemoryDeviceChannel implements DeviceChannel {
  private readonly clock: Clock;
  private readonly admin: string;
  private readonly commandList: InMemoryCommand[] = [];
  private readonly reportList: SyncTrackingReport[] = [];
  private readonly logList: Array<{ syncId: string; text: string; uploadedAt: string }> = [];
  private readonly revisions: PublishedRevision[] = [];
  private readonly offerList: CustomizationOffer[] = [];
  private readonly faults = new Map<ChannelMethod, Error[]>();
  private assigned = true;
  private revoked = false;
  private state: DeviceControlState['state'] = 'active';
  private registered?: DeviceRegistration;
  private known: boolean;
  private readonly deviceId: string;

  constructor(private readonly options: InMemoryDeviceChannelOptions) {
    this.clock = options.clock ?? systemClock;
    this.admin = options.admin ?? 'admin';
    this.deviceId = options.deviceId ?? 'in-memory-device';
    this.known = options.registered ?? true;
  }

  // ---- the admin's side ----

  /** Locks the device: its records are refused until {@link unlock}. Throws `ALREADY_LOCKED` when it is. */
  lock(): InMemoryCommand {
    if (this.state === 'locked') throw new FieldsyncError('ALREADY_LOCKED', `device ${this.deviceId} is already locked`, { field: 'deviceId' });
    return this.issue('lock');
  }

  /** Unlocks the device. Throws `NOT_LOCKED` when it is not locked. */
  unlock(): InMemoryCommand {
    if (this.state === 'active') throw new FieldsyncError('NOT_LOCKED', `device ${this.deviceId} is not locked`, { field: 'deviceId' });
    return this.issue('unlock');
  }

  /**
   * Orders the device wiped. As the bridge does, its sessions end at once for everything but the
   * order itself: the device may still learn it (`deviceControl`) and report it done
   * (`completeCommand`); every other call throws `DeviceRevokedError`. With `endSessions: true` the
   * device's session had ended already (its token expired and the bridge refuses a wiped device's
   * refresh): every call throws `DeviceRevokedError`, so the device never sees the order.
   */
  wipe(options: { endSessions?: boolean } = {}): InMemoryCommand {
    const command = this.issue('wipe');
    if (options.endSessions === true) this.revoked = true;
    return command;
  }

  /**
   * Orders a full sync of every entity, or of those named; `discardLocalChanges` drops what cannot be
   * uploaded. Throws `EMPTY` for an empty list and `UNKNOWN_ENTITY` for an entity not in the schema.
   */
  forceFullSync(options: { entities?: readonly string[]; discardLocalChanges?: boolean } = {}): InMemoryCommand {
    if (options.entities) {
      if (options.entities.length === 0) throw new FieldsyncError('EMPTY', 'name at least one entity, or leave entities out for all', { field: 'entities' });
      const schema = this.schema();
      const unknown = options.entities.findIndex((entity) => !schema.entities.some((candidate) => candidate.name === entity));
      if (unknown >= 0) throw new FieldsyncError('UNKNOWN_ENTITY', `no entity '${options.entities[unknown]}' in the CRM`, { field: `entities[${unknown}]` });
    }
    return this.issue('forceFullSync', {
      ...(options.entities ? { entities: [...options.entities] } : {}),
      discardLocalChanges: options.discardLocalChanges ?? false,
    });
  }

  /**
   * Publishes a customization document (validated against the schema; throws `ValidationError` when
   * invalid) as the next revision assigned to the device's user.
   */
  publish(document: unknown, options: PublishOptions = {}): PublishedRevision {
    const { customization } = parseCustomization(document, this.schema());
    const revision: PublishedRevision = {
      revision: this.revisions.length + 1,
      customization,
      partHashes: customizationPartHashes(customization),
      ...(options.minAppVersion ? { minAppVersion: options.minAppVersion } : {}),
      settingsReadOnly: options.settingsReadOnly ?? false,
    };
    this.revisions.push(revision);
    this.assigned = true;
    return revision;
  }

  /** Takes the user's customization away: the channel answers `NoCustomizationError`. */
  unpublish(): void {
    this.assigned = false;
  }

  /** Ends the device's sessions without a wipe order (a revoked registration). */
  revoke(): void {
    this.revoked = true;
  }

  /** Makes the next call of `method` fail with `error` (a lost connection, a refused report); calls queue up. */
  failNext(method: ChannelMethod, error: Error): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), error]);
  }

  // ---- inspection ----

  /** Every command issued, oldest first, with its status. */
  get commands(): readonly InMemoryCommand[] {
    return this.commandList.map((command) => ({ ...command }));
  }

  /** Commands the device reported done or failed. */
  get completedCommands(): readonly InMemoryCommand[] {
    return this.commands.filter((command) => command.status === 'done' || command.status === 'failed');
  }

  /** The sync tracking records the device reported, in order (one per sync id). */
  get reports(): readonly SyncTrackingReport[] {
    return [...this.reportList];
  }

  /** The sync logs the device uploaded, in order. */
  get logs(): ReadonlyArray<{ readonly syncId: string; readonly text: string; readonly uploadedAt: string }> {
    return [...this.logList];
  }

  /** The customization offers answered, in order (what travelled: only changed parts). */
  get offers(): readonly CustomizationOffer[] {
    return [...this.offerList];
  }

  /** The device's registration, once it registered. */
  get registration(): DeviceRegistration | undefined {
    return this.registered;
  }

  /** The device's state as the admin sees it. */
  get deviceState(): DeviceControlState['state'] {
    return this.state;
  }

  /** True once every call of the device is refused (`revoke()`, or `wipe({ endSessions: true })`). */
  get sessionsEnded(): boolean {
    return this.revoked;
  }

  // ---- the device's side: the DeviceChannel contract ----

  async registerDevice(device: DeviceRegistration): Promise<void> {
    this.enter('registerDevice', { unregistered: true });
    if (device.deviceId !== this.deviceId) {
      throw new FieldsyncError('DEVICE_NOT_BOUND', `registerDevice: the session is bound to device '${this.deviceId}', not '${device.deviceId}'`, {
        operation: 'registerDevice',
      });
    }
    for (const key of ['name', 'os'] as const) {
      const value = device[key];
      if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_REGISTRATION_TEXT) {
        throw userInputError('registerDevice', `input.${key}`, 'INVALID_VALUE', `${key} must be 1 to ${MAX_REGISTRATION_TEXT} characters`);
      }
    }
    if (!isExactVersion(device.appVersion)) {
      throw userInputError(
        'registerDevice',
        'input.appVersion',
        'INVALID_VERSION',
        `appVersion must be a semantic version such as 2.4.0, got '${device.appVersion}'`,
      );
    }
    this.registered = wire(device);
    this.known = true;
  }

  async deviceControl(): Promise<DeviceControlState> {
    this.enter('deviceControl', { evenIfWiped: true });
    const now = this.now();
    // A wiped device learns its order, and only that one.
    const visible = (command: InMemoryCommand) =>
      (command.status === 'pending' || command.status === 'delivered') && (this.state !== 'wiped' || command.kind === 'wipe');
    for (const [index, command] of this.commandList.entries()) {
      if (command.status === 'pending' && visible(command)) this.commandList[index] = { ...command, status: 'delivered', deliveredAt: now };
    }
    const open = this.commandList.filter(visible);
    const forced = [...open].reverse().find((command) => command.kind === 'forceFullSync');
    return wire({
      state: this.state,
      ...(forced
        ? {
            forceFullSync: {
              commandId: forced.id,
              issuedAt: forced.issuedAt,
              ...(forced.parameters?.entities ? { entities: forced.parameters.entities } : {}),
              discardLocalChanges: forced.parameters?.discardLocalChanges ?? false,
            },
          }
        : {}),
      pendingCommands: open.map(({ deliveredAt: _delivered, completedAt: _completed, message: _message, ...command }) => command),
    });
  }

  async completeCommand(commandId: string, outcome: { readonly ok: boolean; readonly message?: string }): Promise<void> {
    this.enter('completeCommand', { evenIfWiped: true });
    const index = this.commandList.findIndex((command) => command.id === commandId);
    const command = index < 0 ? undefined : this.commandList[index];
    // A wiped device may report its wipe done, and nothing else.
    if (this.state === 'wiped' && command?.kind !== 'wipe') throw new DeviceRevokedError();
    if (!command) throw userInputError('completeCommand', 'id', 'NOT_FOUND', `no command ${commandId} for this device`);
    if (outcome.message && outcome.message.length > MAX_COMMAND_MESSAGE) {
      throw userInputError('completeCommand', 'message', 'TOO_LONG', `the message is longer than ${MAX_COMMAND_MESSAGE.toLocaleString('en')} characters`);
    }
    if (command.status === 'done' || command.status === 'failed')
      throw userInputError('completeCommand', 'id', 'COMMAND_NOT_OPEN', `command ${commandId} is already ${command.status}`);
    this.commandList[index] = {
      ...command,
      status: outcome.ok ? 'done' : 'failed',
      completedAt: this.now(),
      ...(outcome.message ? { message: outcome.message } : {}),
    };
  }

  /**
   * The bridge's plan without its CRM side (this channel is no connector): `deviceControl()` and
   * `customization(known)`, each part holding what the call answers or refuses; a fault queued for
   * either call acts as it would on the call (a passing one fails the plan).
   */
  async syncPlan(request: SyncPlanRequest): Promise<SyncPlan> {
    this.enter('syncPlan', { evenIfWiped: true, unregistered: true });
    const control = await planPartOf(() => this.deviceControl());
    const customization = await planPartOf(() => this.customization(request.known));
    return { control, customization };
  }

  async customization(known?: CustomizationPartHashes): Promise<CustomizationOffer> {
    this.enter('customization', { unregistered: true });
    const current = this.revisions[this.revisions.length - 1];
    if (!this.assigned || !current) throw new NoCustomizationError();
    const { customization, partHashes } = current;
    const offer: CustomizationOffer = wire({
      version: customization.version,
      revision: current.revision,
      ...(current.minAppVersion ? { minAppVersion: current.minAppVersion } : {}),
      partHashes,
      parts: {
        ...(known?.entities !== partHashes.entities ? { entities: customization.entities } : {}),
        ...(known?.settings !== partHashes.settings ? { settings: customization.settings } : {}),
        ...(known?.blobStoreFilter !== partHashes.blobStoreFilter ? { blobStoreFilter: customization.blobStoreFilter ?? null } : {}),
      },
      settingsReadOnly: current.settingsReadOnly,
    });
    this.offerList.push(offer);
    return wire(offer);
  }

  async reportSync(report: SyncTrackingReport): Promise<void> {
    this.enter('reportSync');
    for (const key of ['startedAt', 'endedAt'] as const) {
      if (Number.isNaN(Date.parse(report[key]))) throw userInputError('reportSync', `input.${key}`, 'INVALID_DATE', `${key} must be an ISO-8601 date-time`);
    }
    for (const key of SYNC_FIGURES) {
      if (!Number.isInteger(report[key]) || report[key] < 0) throw userInputError('reportSync', `input.${key}`, 'NEGATIVE', `${key} must not be negative`);
    }
    for (const key of ['count', 'bytes', 'refused', 'queued'] as const) {
      if (report.files && !(Number.isSafeInteger(report.files[key]) && report.files[key] >= 0))
        throw userInputError('reportSync', `input.files.${key}`, 'NEGATIVE', `files.${key} must be a whole number, not negative`);
    }
    if (!isSyncId(report.syncId)) throw userInputError('reportSync', 'input.syncId', 'INVALID_VALUE', SYNC_ID_RULE);
    if (this.reportList.some((stored) => stored.syncId === report.syncId)) return;
    // Stored as the bridge stores it: canonical UTC times, the error cut to 4,000 characters.
    const { error, ...figures } = wire(report);
    this.reportList.push({
      ...figures,
      startedAt: new Date(report.startedAt).toISOString(),
      endedAt: new Date(report.endedAt).toISOString(),
      ...(typeof error === 'string' ? { error: error.slice(0, 4000) } : {}),
    });
  }

  async uploadSyncLog(syncId: string, text: string): Promise<void> {
    this.enter('uploadSyncLog');
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MAX_SYNC_LOG_BYTES)
      throw userInputError('uploadSyncLog', 'text', 'TOO_LARGE', `the log is ${bytes} bytes; at most ${MAX_SYNC_LOG_BYTES} are taken`);
    if (!isSyncId(syncId)) throw userInputError('uploadSyncLog', 'syncId', 'INVALID_VALUE', SYNC_ID_RULE);
    this.logList.push({ syncId, text, uploadedAt: this.now() });
  }

  private issue(kind: DeviceCommandKind, parameters?: DeviceCommand['parameters']): InMemoryCommand {
    if (this.state === 'wiped') throw new FieldsyncError('DEVICE_WIPED', 'the device was wiped; it takes no more commands');
    const command: InMemoryCommand = {
      id: randomUUID(),
      kind,
      status: 'pending',
      issuedAt: this.now(),
      issuedBy: this.admin,
      ...(parameters ? { parameters } : {}),
    };
    this.commandList.push(command);
    if (kind === 'lock') this.state = 'locked';
    else if (kind === 'unlock') this.state = 'active';
    else if (kind === 'wipe') this.state = 'wiped';
    return { ...command };
  }

  /**
   * Every call: the injected fault first, then the session check (a wiped device's session holds only
   * for its order), then the registration, which the bridge needs for all but two calls.
   */
  private enter(method: ChannelMethod, allow: { evenIfWiped?: boolean; unregistered?: boolean } = {}): void {
    const queued = this.faults.get(method);
    const fault = queued?.shift();
    if (fault) throw fault;
    if (this.revoked || (this.state === 'wiped' && !allow.evenIfWiped)) throw new DeviceRevokedError();
    if (!this.known && !allow.unregistered) {
      throw new FieldsyncError('DEVICE_NOT_REGISTERED', `device ${this.deviceId} is not registered: call registerDevice first`, { deviceId: this.deviceId });
    }
  }

  private schema(): Schema {
    return typeof this.options.schema === 'function' ? this.options.schema() : this.options.schema;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** Creates an {@link InMemoryDeviceChannel} for one device. */
export function createInMemoryDeviceChannel(options: InMemoryDeviceChannelOptions): InMemoryDeviceChannel {
  return new InMemoryDeviceChannel(options);
}

const SYNC_ID_RULE = 'syncId must be 1 to 128 letters, digits, ".", "_", ":" and "-", starting with a letter or digit';

/** Bad input as the bridge refuses it: a mutation's user error, which changed nothing. */
function userInputError(mutation: string, field: string, reason: string, message: string): FieldsyncError {
  return new FieldsyncError('BAD_USER_INPUT', `${mutation}: ${field}: ${message}`, { mutation, field, reason });
}

/** A semantic version exactly as written (no leading `v`, no spaces), as the bridge stores it. */
function isExactVersion(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 64 && semver.valid(value) !== null && /^\d/.test(value) && !/\s/.test(value);
}

function isSyncId(value: unknown): boolean {
  return typeof value === 'string' && SYNC_ID.test(value);
}

/** What crosses the wire: a JSON copy, so neither side shares objects with the other. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
