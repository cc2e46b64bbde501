import { FieldsyncError, ManualClock, type Schema } from '@fieldsync/model';
import { createInMemoryDeviceChannel, type InMemoryCommand, type InMemoryDeviceChannel, type PublishOptions } from './in-memory-device-channel';

/** How far `expireSessions` moves the clock: past a bridge access token's lifetime. */
const SESSION_LIFETIME_MS = 3_600_000 + 60_000;

/**
 * The device-channel conformance harness over {@link InMemoryDeviceChannel}: one fake channel per
 * device (bound to its id, not registered yet), an admin side that acts on them, and publications
 * that every device's channel carries. Structurally a `DeviceChannelHarness` of
 * `@fieldsync/connector-testkit` (the spec passes it to `describeDeviceChannelConformance`), so this
 * file does not import the testkit.
 * @example describeDeviceChannelConformance('in-memory', async () => createInMemoryDeviceChannelHarness(conformanceSchema));
 */
export function createInMemoryDeviceChannelHarness(schema: Schema) {
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
  const channels = new Map<string, InMemoryDeviceChannel>();
  const published: Array<{ readonly document: unknown; readonly options: PublishOptions }> = [];
  // Validates and numbers publications even before any device exists.
  const reference = createInMemoryDeviceChannel({ schema, clock });

  const channelOf = (deviceId: string): InMemoryDeviceChannel => {
    const channel = channels.get(deviceId);
    if (!channel) throw new FieldsyncError('NOT_FOUND', `no device ${deviceId}`, { field: 'deviceId' });
    return channel;
  };
  const issued = (command: InMemoryCommand) => ({ id: command.id, kind: command.kind });

  return {
    async openDevice() {
      const deviceId = `in-memory-device-${channels.size + 1}`;
      const channel = createInMemoryDeviceChannel({ schema, clock, deviceId, registered: false });
      for (const publication of published) channel.publish(publication.document, publication.options);
      channels.set(deviceId, channel);
      return { deviceId, channel };
    },
    admin: {
      lock: async (deviceId: string) => issued(channelOf(deviceId).lock()),
      unlock: async (deviceId: string) => issued(channelOf(deviceId).unlock()),
      wipe: async (deviceId: string) => issued(channelOf(deviceId).wipe()),
      forceFullSync: async (deviceId: string, order: { readonly entities?: readonly string[]; readonly discardLocalChanges: boolean }) =>
        issued(channelOf(deviceId).forceFullSync(order)),
      async publish(document: unknown, options: PublishOptions = {}) {
        const revision = reference.publish(document, options);
        published.push({ document, options });
        for (const channel of channels.values()) channel.publish(document, options);
        return { revision: revision.revision, version: revision.customization.version };
      },
      async device(deviceId: string) {
        const channel = channels.get(deviceId);
        const registration = channel?.registration;
        if (!channel || !registration) return undefined;
        return {
          name: registration.name,
          os: registration.os,
          appVersion: registration.appVersion,
          state: channel.deviceState,
          commands: channel.commands.map(({ id, kind, status, message }) => ({ id, kind, status, ...(message === undefined ? {} : { message }) })),
          reports: channel.reports,
          logs: channel.logs.map(({ syncId, text }) => ({ syncId, text })),
        };
      },
    },
    async expireSessions() {
      clock.advance(SESSION_LIFETIME_MS);
      // The bridge renews an active device's session, and refuses a wiped one's.
      for (const channel of channels.values()) if (channel.deviceState === 'wiped') channel.revoke();
    },
    async teardown() {
      channels.clear();
    },
  };
}
