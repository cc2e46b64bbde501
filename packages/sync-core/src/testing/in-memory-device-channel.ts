import { randomUUID } from '../ids/random-uuid';
import {
  DeviceRevokedError,
  NoCustomizationError,
  type CustomizationOffer,
  type DeviceChannel,
  type DeviceCommand,
  type DeviceCommandKind,
  type DeviceControlState,
  type DeviceRegistration,
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
}

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
 * what the device reported. It behaves as the bridge does: a wipe ends the device's sessions at once
 * (every call then throws `DeviceRevokedError`) unless asked to let the device see it; answers travel
 * as JSON (nothing is shared with the device); reports are stored once per sync id.
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
  private revokeOnWipeDone = false;
  private state: DeviceControlState['state'] = 'active';
  private registered?: DeviceRegistration;

  constructor(private readonly options: InMemoryDeviceChannelOptions) {
    this.clock = options.clock ?? systemClock;
    this.admin = options.admin ?? 'admin';
  }

  // ---- the admin's side ----

  /** Locks the device: its records are refused until {@link unlock}. */
  lock(): InMemoryCommand {
    return this.issue('lock');
  }

  /** Unlocks the device. */
  unlock(): InMemoryCommand {
    return this.issue('unlock');
  }

  /**
   * Orders the device wiped. As the bridge does, its sessions end at once (`DeviceRevokedError` on
   * every call); with `endSessions: false` the device may still read the order and report it done,
   * and its sessions end then.
   */
  wipe(options: { endSessions?: boolean } = {}): InMemoryCommand {
    const command = this.issue('wipe');
    if (options.endSessions === false) this.revokeOnWipeDone = true;
    else this.revoked = true;
    return command;
  }

  /** Orders a full sync of every entity, or of those named; `discardLocalChanges` drops what cannot be uploaded. */
  forceFullSync(options: { entities?: readonly string[]; discardLocalChanges?: boolean } = {}): InMemoryCommand {
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
    const schema = typeof this.options.schema === 'function' ? this.options.schema() : this.options.schema;
    const { customization } = parseCustomization(document, schema);
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

  /** True once the device's sessions ended (wipe or revoke). */
  get sessionsEnded(): boolean {
    return this.revoked;
  }

  // ---- the device's side: the DeviceChannel contract ----

  async registerDevice(device: DeviceRegistration): Promise<void> {
    this.enter('registerDevice');
    this.registered = wire(device);
  }

  async deviceControl(): Promise<DeviceControlState> {
    this.enter('deviceControl');
    const now = this.now();
    for (const [index, command] of this.commandList.entries()) {
      if (command.status === 'pending') this.commandList[index] = { ...command, status: 'delivered', deliveredAt: now };
    }
    const open = this.commandList.filter((command) => command.status === 'pending' || command.status === 'delivered');
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
    this.enter('completeCommand');
    const index = this.commandList.findIndex((command) => command.id === commandId);
    if (index < 0) throw new FieldsyncError('NOT_FOUND', `no command ${commandId} for this device`, { commandId });
    const command = this.commandList[index];
    if (command.status === 'done' || command.status === 'failed') throw new FieldsyncError('COMMAND_NOT_OPEN', `command ${commandId} is already ${command.status}`, { commandId });
    this.commandList[index] = { ...command, status: outcome.ok ? 'done' : 'failed', completedAt: this.now(), ...(outcome.message ? { message: outcome.message } : {}) };
    if (command.kind === 'wipe' && this.revokeOnWipeDone) this.revoked = true;
  }

  async customization(known?: CustomizationPartHashes): Promise<CustomizationOffer> {
    this.enter('customization');
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
    if (this.reportList.some((stored) => stored.syncId === report.syncId)) return;
    this.reportList.push(wire(report));
  }

  async uploadSyncLog(syncId: string, text: string): Promise<void> {
    this.enter('uploadSyncLog');
    this.logList.push({ syncId, text, uploadedAt: this.now() });
  }

  private issue(kind: DeviceCommandKind, parameters?: DeviceCommand['parameters']): InMemoryCommand {
    if (this.state === 'wiped') throw new FieldsyncError('DEVICE_WIPED', 'the device was wiped; it takes no more commands');
    const command: InMemoryCommand = { id: randomUUID(), kind, status: 'pending', issuedAt: this.now(), issuedBy: this.admin, ...(parameters ? { parameters } : {}) };
    this.commandList.push(command);
    if (kind === 'lock') this.state = 'locked';
    else if (kind === 'unlock') this.state = 'active';
    else if (kind === 'wipe') this.state = 'wiped';
    return { ...command };
  }

  /** Every call: the injected fault first, then the session check. */
  private enter(method: ChannelMethod): void {
    const queued = this.faults.get(method);
    const fault = queued?.shift();
    if (fault) throw fault;
    if (this.revoked) throw new DeviceRevokedError();
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** Creates an {@link InMemoryDeviceChannel} for one device. */
export function createInMemoryDeviceChannel(options: InMemoryDeviceChannelOptions): InMemoryDeviceChannel {
  return new InMemoryDeviceChannel(options);
}

/** What crosses the wire: a JSON copy, so neither side shares objects with the other. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
