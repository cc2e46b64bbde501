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
