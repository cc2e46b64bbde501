/** The hour of local time at which a new sync day begins (seed 000: "3AM local time is the start of each day"). */
export const SYNC_DAY_START_HOUR = 3;

/** A wall-clock reading in one time zone. */
interface LocalReading {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone the runtime does not know: the caller's host names it.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function readLocal(instantMs: number, timeZone: string): LocalReading {
  const parts = formatterOf(timeZone).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour') };
}

/**
 * The sync day an instant belongs to in `timeZone`, as `YYYY-MM-DD`: the local date, except that the
 * hours before `startHour` (3 AM) still belong to the day before. The zone's offset at that very
 * instant is used (through `Intl.DateTimeFormat`), so the day is right across DST changes: the local
 * hour is read, never computed from a fixed offset. Two instants are in the same sync day exactly when
 * no local 3 AM lies between them. Throws `RangeError` for an unknown time zone.
 * @example syncDayOf(Date.parse('2026-03-08T07:30:00Z'), 'America/New_York') // '2026-03-08' (03:30 EDT)
 */
export function syncDayOf(instantMs: number, timeZone: string, startHour: number = SYNC_DAY_START_HOUR): string {
  const local = readLocal(instantMs, timeZone);
  // Date.UTC is only a calendar here (day - 1 rolls over months and years), not a time zone.
  const calendar = new Date(Date.UTC(local.year, local.month - 1, local.hour < startHour ? local.day - 1 : local.day));
  return calendar.toISOString().slice(0, 10);
}
