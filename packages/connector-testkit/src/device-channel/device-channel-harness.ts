import type { DeviceChannel, DeviceCommand, DeviceCommandKind, DeviceControlState, SyncTrackingReport } from '@fieldsync/connector-api';

/** A device of the conformance user: its id and its channel, signed in and not yet registered. */
export interface ConformanceDevice {
  readonly deviceId: string;
  readonly channel: DeviceChannel;
}

/** A command the admin issued. */
export interface IssuedCommand {
  readonly id: string;
  readonly kind: DeviceCommandKind;
}

/** A command as the admin sees it, with the device's outcome. */
export interface AdminCommandView {
  readonly id: string;
  readonly kind: DeviceCommandKind;
  readonly status: DeviceCommand['status'];
  /** The message the device reported with the outcome. */
  readonly message?: string;
}

/** What the bridge (or the fake) holds about one registered device, as the admin sees it. */
export interface AdminDeviceView {
  readonly name: string;
  readonly os: string;
  readonly appVersion: string;
  readonly state: DeviceControlState['state'];
  /** Every command issued to it, oldest first. */
  readonly commands: readonly AdminCommandView[];
  /** The sync tracking records it reported, oldest first, as stored. */
  readonly reports: readonly SyncTrackingReport[];
  /** The sync logs it uploaded, oldest first. */
  readonly logs: readonly { readonly syncId: string; readonly text: string }[];
}

/** Options of a publication. */
export interface ConformancePublishOptions {
  readonly minAppVersion?: string;
  /** @default false */
  readonly settingsReadOnly?: boolean;
}

/**
 * The admin's side of the channel's backend, driven the way an admin drives it (for a bridge: its
 * GraphQL admin API), never through the channel under test. Each refusal throws a `FieldsyncError`
 * whose `code` is the bridge's user-error code: `DEVICE_WIPED` (a wiped device takes no more
 * commands), `ALREADY_LOCKED`, `NOT_LOCKED`, `EMPTY` and `UNKNOWN_ENTITY` (a forced full sync's entities).
 */
export interface DeviceChannelAdmin {
  lock(deviceId: string): Promise<IssuedCommand>;
  unlock(deviceId: string): Promise<IssuedCommand>;
  /** Orders the device wiped; its sessions end at once for everything but the order itself. */
  wipe(deviceId: string): Promise<IssuedCommand>;
  forceFullSync(deviceId: string, order: { readonly entities?: readonly string[]; readonly discardLocalChanges: boolean }): Promise<IssuedCommand>;
  /**
   * Publishes a customization document over `conformanceSchema` for the conformance user's role,
   * as the next revision; answers its revision and version (the content hash).
   */
  publish(document: unknown, options?: ConformancePublishOptions): Promise<{ readonly revision: number; readonly version: string }>;
  /** The device as the admin sees it, or undefined when it never registered. */
  device(deviceId: string): Promise<AdminDeviceView | undefined>;
}

/**
 * One backend for one check: devices of the conformance user (`alice`, who holds the role
 * publications are assigned to) and the admin's side. Nothing is published when the check begins.
 */
export interface DeviceChannelHarness {
  /** A new device of the user, with a channel of its own (a new device id on each call). */
  openDevice(): Promise<ConformanceDevice>;
  readonly admin: DeviceChannelAdmin;
  /**
   * Lets every device's session expire (the backend's clock moves past the access token's lifetime),
   * so that each channel's next call renews its session first: a wiped device's renewal is refused.
   */
  expireSessions(): Promise<void>;
  /** Closes channels and servers and removes files. */
  teardown(): Promise<void>;
}

/** Builds a fresh backend for one check. */
export type DeviceChannelSetup = () => Promise<DeviceChannelHarness>;
