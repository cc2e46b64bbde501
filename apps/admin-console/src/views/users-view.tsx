import { useState } from 'react';
import { UsersQuery } from '../api/directory-operations';
import { useOperation } from '../api/use-operation';
import { Link } from '../components/link';
import { StateBadge } from '../components/state-badge';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';

/** Users per page of the connection. */
const PAGE_SIZE = 50;

/**
 * The CRM directory: users by user name with their security roles and devices, searched at the CRM (user
 * or full name) and paged by the connection's cursors. A user and each device have their own page.
 */
export function UsersView({ session }: { readonly session: AdminSession }) {
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const needle = search.trim();
  const users = useOperation(session, UsersQuery, { first: PAGE_SIZE, after: cursors[cursors.length - 1], ...(needle ? { search: needle } : {}) });
  const connection = users.data?.users;
  return (
    <section aria-labelledby="users-title">
      <div className="title-row">
        <h1 id="users-title">Users and roles</h1>
        <button type="button" className="secondary" onClick={users.reload}>
          Refresh
        </button>
      </div>
      <div className="filters">
        <label>
          Search users
          <input
            type="search"
            value={search}
            placeholder="user name or full name"
            onChange={(event) => {
              setSearch(event.target.value);
              setCursors([null]);
            }}
          />
        </label>
      </div>
      {users.error && (
        <p role="alert" className="error">
          {users.error.message}
        </p>
      )}
      <table className="users" aria-busy={users.loading}>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Full name</th>
            <th scope="col">Roles</th>
            <th scope="col">Devices</th>
          </tr>
        </thead>
        <tbody>
          {connection?.edges.map(({ node: user }) => (
            <tr key={user.id} data-user-id={user.id}>
              <td>
                <Link href={hrefOf({ view: 'user', userId: user.id })}>{user.userName}</Link>
                {user.disabled && <span className="badge badge-wiped"> disabled</span>}
              </td>
              <td>{user.fullName ?? ''}</td>
              <td>{user.roles.length > 0 ? user.roles.join(', ') : <span className="muted">none</span>}</td>
              <td>
                {user.devices.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="inline-list">
                    {user.devices.map((device) => (
                      <li key={device.deviceId}>
                        <Link href={hrefOf({ view: 'device', deviceId: device.deviceId })}>{device.name}</Link> <StateBadge value={device.state} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
          {connection && connection.edges.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No users{needle ? ` match “${needle}”` : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((previous) => previous.slice(0, -1))}>
          Previous page
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="secondary"
          disabled={!connection?.pageInfo.hasNextPage}
          onClick={() => connection?.pageInfo.endCursor && setCursors((previous) => [...previous, connection.pageInfo.endCursor])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
