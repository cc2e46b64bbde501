import type { SObjectType } from '../naming/sobject-naming';
import { formatDateTime, recordToSfRow } from '../records/sf-row';
import type { EmulatorCore, RequestUser } from './emulator-core';
import { SalesforceApiError } from './salesforce-api-error';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** `updated` reaches 30 days back; `deleted` keeps 15 days (the recycle bin). */
export const UPDATED_WINDOW_DAYS = 30;
export const DELETED_WINDOW_DAYS = 15;

function parseInstant(name: string, value: string | null): number {
  if (value === null || value === '') throw new SalesforceApiError(400, 'MISSING_ARGUMENT', `${name} not specified`);
  const normalized = value
    .trim()
    .replace(/ /g, '+')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', `${name}: unable to parse date-time '${value}'`);
  return ms;
}

/** Checks a `start`/`end` window and answers it in whole minutes, with `end` no later than now. */
function window(core: EmulatorCore, query: URLSearchParams): { start: number; end: number; now: number } {
  const now = core.clock.now();
  const start = parseInstant('start', query.get('start'));
  const end = parseInstant('end', query.get('end'));
  if (start >= end) throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate');
  if (start < now - UPDATED_WINDOW_DAYS * DAY)
    throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', `startDate cannot be more than ${UPDATED_WINDOW_DAYS} days ago`);
  const floor = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
  return { start: floor(start), end: floor(Math.min(end, now)), now };
}

function tooMany(core: EmulatorCore, count: number): void {
  if (count > core.settings.maxReplicationIds) {
    throw new SalesforceApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `The result of this request exceeds the limit of ${core.settings.maxReplicationIds} ids; use a smaller date range`,
    );
  }
}

/**
 * `GET /sobjects/{type}/updated/?start=&end=`: ids of records the user may read whose
 * SystemModstamp lies in `[start, end)`, both floored to the minute; `latestDateCovered` is that end.
 */
export async function updatedIds(core: EmulatorCore, user: RequestUser, type: SObjectType, query: URLSearchParams) {
  const { start, end } = window(core, query);
  const ids: string[] = [];
  for (const record of await core.readAll(user, type.entity.name)) {
    const stamp = recordToSfRow(type, record).values.get('systemmodstamp');
    if (typeof stamp === 'number' && stamp >= start && stamp < end) ids.push(record.id);
  }
  tooMany(core, ids.length);
  return { ids, latestDateCovered: formatDateTime(end) };
}

/**
 * `GET /sobjects/{type}/deleted/?start=&end=`: records deleted in `[start, end)` that the user could
 * see, as far back as the recycle bin keeps them (`earliestDateAvailable`: 15 days, or when it was
 * last emptied).
 */
export async function deletedRecords(core: EmulatorCore, user: RequestUser, type: SObjectType, query: URLSearchParams) {
  const { start, end, now } = window(core, query);
  const earliest = Math.max(Math.floor((now - DELETED_WINDOW_DAYS * DAY) / MINUTE) * MINUTE, core.recycleBinEmptiedAt);
  const deletedRecords: { id: string; deletedDate: string }[] = [];
  for (const tombstone of await core.tombstones(user, type.entity.name)) {
    const at = Date.parse(tombstone.deletedAt);
    if (at >= start && at < end && at >= earliest) deletedRecords.push({ id: tombstone.id, deletedDate: formatDateTime(at) });
  }
  tooMany(core, deletedRecords.length);
  return { deletedRecords, earliestDateAvailable: formatDateTime(earliest), latestDateCovered: formatDateTime(end) };
}
