/** Age classes, by how long ago: under a day, under a week, older. */
export type AgeClass = 'age-fresh' | 'age-days' | 'age-old' | 'age-never';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The age of `iso` at `now` in words (`5 min`, `3 h`, `2 d`) and its colour class. */
export function describeAge(iso: string | null | undefined, now: number): { readonly text: string; readonly className: AgeClass } {
  if (!iso) return { text: 'never', className: 'age-never' };
  const ms = Math.max(0, now - Date.parse(iso));
  const text =
    ms < 60_000 ? 'just now' : ms < HOUR ? `${Math.floor(ms / 60_000)} min ago` : ms < DAY ? `${Math.floor(ms / HOUR)} h ago` : `${Math.floor(ms / DAY)} d ago`;
  return { text, className: ms < DAY ? 'age-fresh' : ms < 7 * DAY ? 'age-days' : 'age-old' };
}
