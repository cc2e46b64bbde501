import { FieldsyncError } from '@fieldsync/model';

/** A `Range` or `Content-Range` header the bridge cannot read. */
export class RangeHeaderInvalidError extends FieldsyncError {
  constructor(header: string, value: string, expected: string) {
    super('RANGE_HEADER_INVALID', `${header}: '${value}' is not ${expected}`, { header, value });
  }
}

/**
 * The single byte range of a `Range` header (`bytes=a-b` or `bytes=a-`), or undefined without one.
 * Throws {@link RangeHeaderInvalidError} for anything else (several ranges, a suffix range, a reversed one).
 */
export function parseRangeHeader(value: string | undefined): { readonly start: number; readonly end?: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match) throw new RangeHeaderInvalidError('Range', value, 'one range bytes=a-b or bytes=a-');
  const start = Number(match[1]);
  const end = match[2] === '' ? undefined : Number(match[2]);
  if (!Number.isSafeInteger(start) || (end !== undefined && (!Number.isSafeInteger(end) || end < start)))
    throw new RangeHeaderInvalidError('Range', value, 'a range whose end is not before its start');
  return end === undefined ? { start } : { start, end };
}

/** A chunk's place in an upload: `bytes a-b/total` (total `*` while unknown), or `bytes *\/total` to commit what was sent. */
export interface ChunkRange {
  /** Absent for `bytes *\/total` (no bytes in this request). */
  readonly start?: number;
  readonly end?: number;
  /** The whole file's size, when the sender knows it. */
  readonly total?: number;
}

/** Reads a chunk's `Content-Range`; throws {@link RangeHeaderInvalidError}. */
export function parseContentRange(value: string | undefined): ChunkRange {
  const text = (value ?? '').trim();
  const empty = /^bytes \*\/(\d+)$/.exec(text);
  if (empty) return { total: Number(empty[1]) };
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(text);
  if (!match) throw new RangeHeaderInvalidError('Content-Range', text, 'bytes a-b/total, bytes a-b/* or bytes */total');
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (end < start || (total !== undefined && end >= total)) throw new RangeHeaderInvalidError('Content-Range', text, 'a range inside the file');
  return { start, end, ...(total === undefined ? {} : { total }) };
}
