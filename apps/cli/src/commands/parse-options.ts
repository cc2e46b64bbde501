import { InvalidOptionError } from '../errors/cli-errors';

/** Parses a whole-number option value (underscores and commas allowed as separators); throws {@link InvalidOptionError}. */
export function parseWholeNumber(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const cleaned = text.replace(/[_,]/g, '');
  const value = /^-?\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

const YES = ['1', 'true', 'yes', 'on'];
const NO = ['0', 'false', 'no', 'off'];

/**
 * Parses a yes-or-no option value, such as an environment variable behind a flag: 1/true/yes/on or
 * 0/false/no/off in any case; unset or empty answers `undefined`. Throws {@link InvalidOptionError}.
 * @example parseYesNo('FIELDSYNC_GRAPHIQL', process.env.FIELDSYNC_GRAPHIQL) // true for 'yes'
 */
export function parseYesNo(option: string, text: string | undefined): boolean | undefined {
  const value = text?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (YES.includes(value)) return true;
  if (NO.includes(value)) return false;
  throw new InvalidOptionError(option, `must be one of ${[...YES, ...NO].join(', ')}, got '${text}'`);
}
