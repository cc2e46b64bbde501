import { BatchFormatError } from '../errors/batch-format-error';
import type { BatchAnswerItem, BatchPartResponse } from './batch-request';

/** The `boundary` parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Splits `text` into header block and the rest at the first empty line (CRLF or LF). */
function splitHead(text: string): { head: Record<string, string>; rest: string } {
  const match = /\r?\n\r?\n/.exec(text);
  const headText = match ? text.slice(0, match.index) : text;
  const rest = match ? text.slice(match.index + match[0].length) : '';
  const head: Record<string, string> = {};
  for (const line of headText.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) head[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { head, rest };
}

/** The parts between `--boundary` delimiters, without the preamble and the epilogue. */
function partsOf(text: string, boundary: string, where: string): string[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start: number | undefined;
  let closed = false;
  for (let match = delimiter.exec(text); match; match = delimiter.exec(text)) {
    if (start !== undefined) parts.push(text.slice(start, match.index));
    start = match.index + match[0].length;
    if (match[1] === '--') {
      closed = true;
      break;
    }
  }
  if (start === undefined) throw new BatchFormatError(`no part delimited by --${boundary}`, where);
  if (!closed) throw new BatchFormatError(`the closing delimiter --${boundary}-- is missing`, where);
  return parts;
}

function responsePart(text: string, where: string): BatchPartResponse {
  const { head: mime, rest } = splitHead(text);
  if (!/^application\/http/i.test(mime['content-type'] ?? ''))
    throw new BatchFormatError(`Content-Type is '${mime['content-type'] ?? ''}', not application/http`, where);
  const statusMatch = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r?\n?/.exec(rest);
  if (!statusMatch) throw new BatchFormatError('the part has no HTTP status line', where);
  const { head: headers, rest: body } = splitHead(rest.slice(statusMatch[0].length));
  return {
    status: Number(statusMatch[1]),
    headers,
    body: body.replace(/\r?\n$/, ''),
    ...(mime['content-id'] === undefined ? {} : { contentId: mime['content-id'] }),
  };
}

/**
 * Reads a `$batch` answer (`--batchresponse_…` with nested `--changesetresponse_…`) into its
 * top-level items in order. Throws {@link BatchFormatError} naming the part that cannot be read.
 */
export function parseBatchAnswer(contentType: string | undefined, text: string): BatchAnswerItem[] {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) throw new BatchFormatError(`the answer's Content-Type '${contentType ?? ''}' names no multipart boundary`, '$batch');
  return partsOf(text, boundary, '$batch').map((part, index): BatchAnswerItem => {
    const where = `$batch part ${index + 1}`;
    const { head } = splitHead(part);
    const type = head['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (inner === undefined) throw new BatchFormatError('a change set names no boundary', where);
      const body = splitHead(part).rest;
      return { kind: 'changeSet', responses: partsOf(body, inner, where).map((sub, subIndex) => responsePart(sub, `${where}.${subIndex + 1}`)) };
    }
    return { kind: 'response', response: responsePart(part, where) };
  });
}
