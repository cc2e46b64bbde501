import { UserDetailQuery } from '../api/directory-operations';
import { useOperation } from '../api/use-operation';
import { Age } from '../components/age';
import { Link } from '../components/link';
import { StateBadge } from '../components/state-badge';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';

/** A CRM user at their own URL: roles, and each device with its state and last sync, linking to the device. */
export function UserView({ session, userId }: { readonly session: AdminSession; readonly userId: string }) {
  const detail = useOperation(session, UserDetailQuery, { id: userId });
  const now = Date.now();
  if (detail.error) {
    return (
      <p role="alert" className="error">
        {detail.error.message}
      </p>
    );
  }
  if (!detail.data) return <p aria-busy="true">Loading…</p>;
  const user = detail.data.user;
  if (!user) {
    return (
      <p role="alert">
        No user {userId} in the CRM. <Link href={hrefOf({ view: 'users' })}>Back to the users</Link>
      </p>
    );
  }
  return (
    <article aria-labelledby="user-title">
      <p>
        <Link href={hrefOf({ view: 'users' })}>← Users</Link>
      </p>
      <div className="title-row">
        <h1 id="user-title">{user.userName}</h1>
        {user.disabled && <span className="badge badge-wiped">disabled</span>}
      </div>
      <dl className="facts">
        <dt>Full name</dt>
        <dd>{user.fullName ?? '–'}</dd>
        <dt>User id</dt>
        <dd>
          <code>{user.id}</code>
        </dd>
        <dt>Roles</dt>
        <dd>{user.roles.length > 0 ? user.roles.join(', ') : 'none'}</dd>
      </dl>
      <h2>Devices</h2>
      {user.devices.length === 0 ? (
        <p className="muted">No device registered.</p>
      ) : (
        <table className="user-devices">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">OS</th>
              <th scope="col">App version</th>
              <th scope="col">State</th>
              <th scope="col">Registered</th>
              <th scope="col">Last sync</th>
            </tr>
          </thead>
          <tbody>
            {user.devices.map((device) => (
              <tr key={device.deviceId} data-device-id={device.deviceId}>
                <td>
                  <Link href={hrefOf({ view: 'device', deviceId: device.deviceId })}>{device.name}</Link>
                </td>
                <td>{device.os}</td>
                <td>{device.appVersion}</td>
                <td>
                  <StateBadge value={device.state} />
                </td>
                <td>
                  <Age iso={device.registeredAt} now={now} />
                </td>
                <td>
                  <Age iso={device.lastSyncAt} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
