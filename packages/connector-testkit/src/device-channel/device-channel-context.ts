import type { ConformanceDevice, DeviceChannelAdmin, DeviceChannelHarness } from './device-channel-harness';

/** What every group of device-channel checks gets: the running check's harness and a way to register checks. */
export interface DeviceChannelContext {
  /** The harness built for the running check. */
  harness(): DeviceChannelHarness;
  /** Shorthand for `harness().admin`. */
  admin(): DeviceChannelAdmin;
  /** A new device of the conformance user, registered with {@link registrationOf}'s defaults. */
  registeredDevice(): Promise<ConformanceDevice>;
  /** Registers one check (a jest `it`). */
  check(title: string, body: () => Promise<void>): void;
}
