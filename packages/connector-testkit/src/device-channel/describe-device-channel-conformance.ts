import { registerCommandChecks } from './checks/command-checks';
import { registerCustomizationChecks } from './checks/customization-checks';
import { registerDeviceControlChecks } from './checks/device-control-checks';
import { registerRegistrationChecks } from './checks/registration-checks';
import { registerSyncPlanChecks } from './checks/sync-plan-checks';
import { registerTrackingChecks } from './checks/tracking-checks';
import { registerWipeChecks } from './checks/wipe-checks';
import type { DeviceChannelContext } from './device-channel-context';
import type { DeviceChannelHarness, DeviceChannelSetup } from './device-channel-harness';
import { registrationOf } from './device-channel-samples';

/** How to run the device-channel suite. */
export interface DeviceChannelConformanceOptions {
  /** Timeout of each check in ms. @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * Registers the shared `DeviceChannel` conformance suite for one implementation as a jest `describe`:
 * registration, device control (lock, unlock, wipe, forced full sync: the commands' lifecycle and
 * order), command reports, the customization offer and its parts, sync reports and logs, and the
 * typed refusals of bad input. Each check builds a fresh backend with `setup` and tears it down after.
 * The fake the engine's tests rely on and the bridge's real channel both run it, so the fake is
 * proven to answer as the bridge does.
 * @example describeDeviceChannelConformance('in-memory', () => createInMemoryChannelHarness(conformanceSchema));
 */
export function describeDeviceChannelConformance(name: string, setup: DeviceChannelSetup, options: DeviceChannelConformanceOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 30_000;
  describe(`${name} device channel conformance`, () => {
    let current: DeviceChannelHarness | undefined;

    beforeEach(async () => {
      current = await setup();
    }, timeoutMs);

    afterEach(async () => {
      const harness = current;
      current = undefined;
      await harness?.teardown();
    }, timeoutMs);

    const harness = (): DeviceChannelHarness => {
      if (!current) throw new Error('the device channel harness is only available inside a check');
      return current;
    };
    const context: DeviceChannelContext = {
      harness,
      admin: () => harness().admin,
      async registeredDevice() {
        const device = await harness().openDevice();
        await device.channel.registerDevice(registrationOf(device.deviceId));
        return device;
      },
      check: (title, body) => it(title, body, timeoutMs),
    };

    describe('registerDevice', () => registerRegistrationChecks(context));
    describe('deviceControl', () => registerDeviceControlChecks(context));
    describe('completeCommand', () => registerCommandChecks(context));
    describe('a wiped device', () => registerWipeChecks(context));
    describe('customization', () => registerCustomizationChecks(context));
    describe('syncPlan', () => registerSyncPlanChecks(context));
    describe('reportSync and uploadSyncLog', () => registerTrackingChecks(context));
  });
}
