import { Link } from '../components/link';
import type { DryRunCustomizationQuery } from '../gql/graphql';
import { hrefOf } from '../routing/route';

type DryRunDevice = DryRunCustomizationQuery['dryRunCustomization']['devices'][number];

/** What publishing would do to each device: which entities it downloads in full, how many records, and why. */
export function DryRunPanel({ devices }: { readonly devices: readonly DryRunDevice[] }) {
  const affected = devices.filter((device) => device.needsFullSync);
  const records = affected.reduce((sum, device) => sum + device.downloads.reduce((total, download) => total + download.records, 0), 0);
  return (
    <div className="dry-run">
      <p role="status">
        {affected.length} of {devices.length} device{devices.length === 1 ? '' : 's'} will need a full sync ({records.toLocaleString('en')} record
        {records === 1 ? '' : 's'} to download).
      </p>
      {devices.length > 0 && (
        <table className="dry-run-devices">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">User</th>
              <th scope="col">Now</th>
              <th scope="col">Full sync of</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((entry) => (
              <tr key={entry.device.deviceId} data-device-id={entry.device.deviceId}>
                <td>
                  <Link href={hrefOf({ view: 'device', deviceId: entry.device.deviceId })}>{entry.device.name}</Link>
                </td>
                <td>{entry.device.user.userName}</td>
                <td>{entry.currentRevision ? `revision ${entry.currentRevision}` : 'none'}</td>
                <td>
                  {entry.downloads.length === 0
                    ? 'nothing'
                    : entry.downloads.map((download) => `${download.entity} (${download.records.toLocaleString('en')} records)`).join(', ')}
                </td>
                <td className="small">{entry.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
