import { lazy, Suspense } from 'react';
import { syncPointsOf } from '../charts/sync-point';
import { DeviceDetailQuery } from '../api/operations';
import { useOperation } from '../api/use-operation';
import { Age } from '../components/age';
import { Link } from '../components/link';
import { StateBadge } from '../components/state-badge';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';
import { useFleetEvents } from '../session/use-fleet-events';
import { LiveBadge } from '../components/live-badge';
import { DeviceActions } from './device-actions';

// The chart library loads in its own chunk, on the device page only.
const SyncCharts = lazy(() => import('../charts/sync-charts').then((module) => ({ default: module.SyncCharts })));

/** A device at its own URL: what it is, the admin's actions, its syncs and its commands with their lifecycle. */
export function DeviceView({ session, deviceId }: { readonly session: AdminSession; readonly deviceId: string }) {
  const detail = useOperation(session, DeviceDetailQuery, { deviceId });
  const live = useFleetEvents(session, (event) => event.deviceId === deviceId && detail.reload());
  const now = Date.now();
  const device = detail.data?.device;
  if (detail.error) {
    return (
      <p role="alert" className="error">
        {detail.error.message}
      </p>
    );
  }
  if (!detail.data) return <p aria-busy="true">Loading…</p>;
  if (!device) {
    return (
      <p role="alert">
        No device {deviceId} on this bridge. <Link href={hrefOf({ view: 'fleet' })}>Back to the fleet</Link>
      </p>
    );
  }
  return (
    <article aria-labelledby="device-title">
      <p>
        <Link href={hrefOf({ view: 'fleet' })}>← Fleet</Link>
      </p>
      <div className="title-row">
        <h1 id="device-title">{device.name}</h1>
        <StateBadge value={device.state} />
        <button type="button" className="secondary" onClick={detail.reload}>
          Refresh
        </button>
        <LiveBadge live={live} />
      </div>
      <dl className="facts">
        <dt>User</dt>
        <dd>
          <Link href={hrefOf({ view: 'user', userId: device.user.id })}>{device.user.userName}</Link>
          {device.user.fullName ? ` (${device.user.fullName})` : ''}
        </dd>
        <dt>Device id</dt>
        <dd>
          <code>{device.deviceId}</code>
        </dd>
        <dt>OS</dt>
        <dd>{device.os}</dd>
        <dt>App version</dt>
        <dd>{device.appVersion}</dd>
        <dt>Registered</dt>
        <dd>
          <Age iso={device.registeredAt} now={now} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <Age iso={device.lastSeenAt} now={now} />
        </dd>
        <dt>Last sync</dt>
        <dd>
          <Age iso={device.lastSyncAt} now={now} />
        </dd>
      </dl>
      <DeviceActions session={session} deviceId={device.deviceId} deviceName={device.name} state={device.state} onIssued={detail.reload} />
      <section aria-labelledby="commands-title">
        <h2 id="commands-title">Commands</h2>
        <table className="commands">
          <thead>
            <tr>
              <th>Command</th>
              <th>Status</th>
              <th>Issued</th>
              <th>By</th>
              <th>Delivered</th>
              <th>Completed</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {device.commands.map((command) => (
              <tr key={command.id} data-command-kind={command.kind}>
                <td>
                  {command.kind}
                  {command.parameters?.entities?.length ? <span className="muted"> {command.parameters.entities.join(', ')}</span> : null}
                  {command.parameters?.discardLocalChanges ? <span className="muted"> (discarding local changes)</span> : null}
                </td>
                <td>
                  <StateBadge value={command.status} />
                </td>
                <td>
                  <Age iso={command.issuedAt} now={now} />
                </td>
                <td>{command.issuedBy}</td>
                <td>{command.deliveredAt ? <Age iso={command.deliveredAt} now={now} /> : '—'}</td>
                <td>{command.completedAt ? <Age iso={command.completedAt} now={now} /> : '—'}</td>
                <td>{command.message ?? ''}</td>
              </tr>
            ))}
            {device.commands.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No commands issued.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="syncs-title">
        <h2 id="syncs-title">Syncs</h2>
        {device.syncs.edges.length > 0 && (
          <Suspense fallback={<p aria-busy="true">Loading the charts…</p>}>
            <SyncCharts points={syncPointsOf(device.syncs.edges.map(({ node }) => node))} />
          </Suspense>
        )}
        <table className="syncs">
          <thead>
            <tr>
              <th>Ended</th>
              <th>Type</th>
              <th>Mode</th>
              <th>Result</th>
              <th>Duration</th>
              <th>Downloaded</th>
              <th>Uploaded</th>
              <th>Upload errors</th>
              <th>Retries</th>
              <th title="Downloaded and uploaded (bytes) / refused by the filter / still queued">Files</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {device.syncs.edges.map(({ node: sync }) => (
              <tr key={sync.id}>
                <td>
                  <Age iso={sync.endedAt} now={now} />
                </td>
                <td>{sync.type}</td>
                <td>{sync.refreshMode ? sync.refreshMode.replace('_', '-') : ''}</td>
                <td>
                  <StateBadge value={sync.success ? 'ok' : sync.cancelled ? 'cancelled' : 'failed'} />
                </td>
                <td>{sync.durationMs} ms</td>
                <td>{sync.downloaded}</td>
                <td>{sync.uploads}</td>
                <td>{sync.uploadErrors}</td>
                <td>{sync.retries}</td>
                <td>{sync.files ? `${sync.files.count} (${sync.files.bytes} B) / ${sync.files.refused} refused / ${sync.files.queued} queued` : ''}</td>
                <td>{sync.error ?? ''}</td>
              </tr>
            ))}
            {device.syncs.edges.length === 0 && (
              <tr>
                <td colSpan={10} className="muted">
                  No syncs reported yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </article>
  );
}
