import { randomBytes } from 'node:crypto';
import type { Clock } from '@fieldsync/model';
import { GraphApiError } from './graph-api-error';

/** Upload chunks must be multiples of this many bytes, except the last (Graph's rule). */
export const UPLOAD_CHUNK_MULTIPLE = 320 * 1024;

/** Largest fragment one PUT may carry (Graph: 60 MiB). */
const MAX_FRAGMENT_BYTES = 60 * 1024 * 1024;

/** An upload session: where the file goes and the bytes received so far. */
export interface UploadSession {
  readonly id: string;
  readonly driveId: string;
  readonly parentId: string;
  readonly name: string;
  readonly conflict: 'fail' | 'replace' | 'rename';
  readonly expiresAt: number;
  readonly parts: Buffer[];
  received: number;
  total: number | undefined;
}

/** The upload sessions under way, by the opaque id in their `uploadUrl`. */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Opens a session. */
  open(driveId: string, parentId: string, name: string, conflict: UploadSession['conflict']): UploadSession {
    const session: UploadSession = {
      id: randomBytes(24).toString('base64url'),
      driveId,
      parentId,
      name,
      conflict,
      expiresAt: this.clock.now() + this.ttlMs,
      parts: [],
      received: 0,
      total: undefined,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** A live session; 404 `itemNotFound` when unknown, cancelled, finished or expired. */
  get(id: string): UploadSession {
    const session = this.sessions.get(id);
    if (!session || this.clock.now() >= session.expiresAt) throw new GraphApiError(404, 'itemNotFound', 'The upload session was not found or has expired.');
    return session;
  }

  /** Ends a session (cancelled or completed). */
  end(id: string): void {
    this.sessions.delete(id);
  }

  /**
   * Takes one fragment, `Content-Range: bytes {from}-{to}/{total}`. It must start at the next expected
   * byte (416 `invalidRange` otherwise), and all but the last must be a multiple of 320 KiB (400 `invalidRequest`).
   * Answers true when the file is complete.
   */
  accept(session: UploadSession, contentRange: string | undefined, body: Buffer): boolean {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange ?? '');
    if (!match)
      throw new GraphApiError(
        400,
        'invalidRequest',
        `The Content-Range header '${contentRange ?? ''}' is missing or malformed; expected 'bytes {from}-{to}/{total}'.`,
      );
    const [from, to, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (session.total !== undefined && total !== session.total)
      throw new GraphApiError(400, 'invalidRequest', `The total size ${total} differs from the session's ${session.total}.`);
    if (from !== session.received) {
      throw new GraphApiError(416, 'invalidRange', `The fragment starts at byte ${from}; the next expected range is ${session.received}-.`);
    }
    if (to < from || to >= total || body.length !== to - from + 1)
      throw new GraphApiError(400, 'invalidRequest', `The fragment ${from}-${to} does not match the ${body.length} bytes sent.`);
    if (body.length > MAX_FRAGMENT_BYTES) throw new GraphApiError(413, 'invalidRequest', `A fragment may carry at most ${MAX_FRAGMENT_BYTES} bytes.`);
    const last = to === total - 1;
    if (!last && body.length % UPLOAD_CHUNK_MULTIPLE !== 0) {
      throw new GraphApiError(
        400,
        'invalidRequest',
        `A fragment of ${body.length} bytes is not a multiple of 320 KiB (${UPLOAD_CHUNK_MULTIPLE} bytes); only the last may be shorter.`,
      );
    }
    session.total = total;
    session.parts.push(body);
    session.received = to + 1;
    return last;
  }

  /** `nextExpectedRanges` of a session. */
  nextExpectedRanges(session: UploadSession): string[] {
    return [`${session.received}-${session.total === undefined ? '' : session.total - 1}`];
  }
}
