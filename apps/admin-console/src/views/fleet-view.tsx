import { useMemo, useState } from 'react';
import { FleetQuery } from '../api/operations';
import { useOperation } from '../api/use-operation';
import { Age } from '../components/age';
import { Link } from '../components/link';
import { StateBadge } from '../components/state-badge';
import type { DeviceState, FleetQuery as FleetData } from '../gql/graphql';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';
import { useFleetEvents } from '../session/use-fleet-events';
import { LiveBadge } from '../components/live-badge';

/** Devices per page of the connection. */
const PAGE_SIZE = 25;

type Row = FleetData['devices']['edges'][number]['node'];
type SortKey = 'user' | 'name' | 'os' | 'appVersion' | 'state' | 'lastSync' | 'pending';

const COLUMNS: readonly { readonly key: SortKey; readonly label: string }[] = [
  { key: 'user', label: 'User' },
  { key: 'name', label: 'Device' },
  { key: 'os', label: 'OS' },
  { key: 'appVersion', label: 'App version' },
  { key: 'state', label: 'State' },
  { key: 'lastSync', label: 'Last sync' },
  { key: 'pending', label: 'Pending commands' },
];

const pendingOf = (row: Row) => row.commands.filter((command) => command.status === 'pending' || command.status === 'delivered').length;

function sortValue(row: Row, key: SortKey): string | number {
  switch (key) {
    case 'user':
      return row.user.userName;
    case 'name':
      return row.name;
    case 'os':
      return row.os;
    case 'appVersion':
      return row.appVersion;
    case 'state':
      return row.state;
    case 'lastSync':
      return row.lastSyncAt ? Date.parse(row.lastSyncAt) : 0;
    case 'pending':
      return pendingOf(row);
  }
}

/**
 * The fleet: one page of the devices connection (state and "not synced for" filters go to the bridge,
 * pages follow its cursors), searched and sorted within the page.
 */
export function FleetView({ session }: { readonly session: AdminSession }) {
  const [state, setState] = useState<DeviceState | ''>('');
  const [staleDays, setStaleDays] = useState('');
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'lastSync', descending: true });
  const days = Number.parseInt(staleDays, 10);
  const filter = { ...(state ? { state } : {}), ...(Number.isFinite(days) && days > 0 ? { notSyncedForDays: days } : {}) };
  const after = cursors[cursors.length - 1];
  const fleet = useOperation(session, FleetQuery, { first: PAGE_SIZE, after, filter });
  const live = useFleetEvents(session, fleet.reload);
  const now = Date.now();

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const found = (fleet.data?.devices.edges ?? [])
      .map((edge) => edge.node)
      .filter(
        (row) =>
          !needle ||
          [row.user.userName, row.user.fullName ?? '', row.name, row.os, row.appVersion, row.deviceId].some((text) => text.toLowerCase().includes(needle)),
      );
    const direction = sort.descending ? -1 : 1;
    return [...found].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (x < y ? -1 : x > y ? 1 : 0) * direction;
    });
  }, [fleet.data, search, sort]);

  const resetPages = () => setCursors([null]);
  const connection = fleet.data?.devices;
  return (
    <section aria-labelledby="fleet-title">
      <div className="title-row">
        <h1 id="fleet-title">Fleet</h1>
        <span className="muted">{connection ? `${connection.totalCount} device${connection.totalCount === 1 ? '' : 's'}` : ''}</span>
        <button type="button" className="secondary" onClick={fleet.reload}>
          Refresh
        </button>
        <LiveBadge live={live} />
      </div>
      <div className="filters">
        <label>
          Search this page
          <input type="search" value={search} placeholder="user, device, OS, version" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          State
          <select
            value={state}
            onChange={(event) => {
              setState(event.target.value as DeviceState | '');
              resetPages();
            }}
          >
            <option value="">any</option>
            <option value="active">active</option>
            <option value="locked">locked</option>
            <option value="wiped">wiped</option>
          </select>
        </label>
        <label>
          Not synced for (days)
          <input
            type="number"
            min={1}
            value={staleDays}
            onChange={(event) => {
              setStaleDays(event.target.value);
              resetPages();
            }}
          />
        </label>
      </div>
      {fleet.error && (
        <p role="alert" className="error">
          {fleet.error.message}
        </p>
      )}
      <table className="fleet" aria-busy={fleet.loading}>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column.key} aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button
                  type="button"
                  className="sort"
                  onClick={() => setSort((previous) => ({ key: column.key, descending: previous.key === column.key ? !previous.descending : false }))}
                >
                  {column.label}
                  {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const last = row.syncs.edges[0]?.node;
            const pending = pendingOf(row);
            return (
              <tr key={row.deviceId} data-device-id={row.deviceId}>
                <td>
                  {row.user.userName}
                  {row.user.fullName ? <span className="muted"> {row.user.fullName}</span> : null}
                </td>
                <td>
                  <Link href={hrefOf({ view: 'device', deviceId: row.deviceId })}>{row.name}</Link>
                </td>
                <td>{row.os}</td>
                <td>{row.appVersion}</td>
                <td>
                  <StateBadge value={row.state} />
                </td>
                <td>
                  {last ? <StateBadge value={last.success ? 'ok' : last.cancelled ? 'cancelled' : 'failed'} /> : null} <Age iso={row.lastSyncAt} now={now} />
                </td>
                <td className={pending > 0 ? 'pending' : undefined}>{pending}</td>
              </tr>
            );
          })}
          {connection && rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="muted">
                No devices{search ? ' on this page match the search' : ''}.
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
