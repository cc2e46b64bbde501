import { GraphApiError } from './graph-api-error';

/** What a delta token stands for: a drive and folder, and the change sequence read up to. */
export interface DeltaPosition {
  readonly driveId: string;
  readonly folderId: string;
  readonly seq: number;
}

/**
 * Opaque delta tokens. A token names the drive, folder and sequence it was issued at, and the
 * generation it belongs to: {@link DeltaTokens.invalidateAll} starts a new generation, after which
 * every older token answers 410 `resyncRequired`, as Graph does when its change log was trimmed.
 */
export class DeltaTokens {
  private generation = 1;

  /** A token for a position. */
  issue(position: DeltaPosition): string {
    return Buffer.from(JSON.stringify({ g: this.generation, d: position.driveId, f: position.folderId, s: position.seq })).toString('base64url');
  }

  /** The position of a token for this drive and folder; 410 `resyncRequired` when it is unknown, of another folder, or of an old generation. */
  read(token: string, driveId: string, folderId: string, resyncUrl: string): DeltaPosition {
    let parsed: { g?: unknown; d?: unknown; f?: unknown; s?: unknown } | undefined;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.g !== this.generation || parsed.d !== driveId || parsed.f !== folderId || typeof parsed.s !== 'number') {
      throw new GraphApiError(
        410,
        'resyncRequired',
        "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
        {
          Location: resyncUrl,
        },
      );
    }
    return { driveId, folderId, seq: parsed.s };
  }

  /** Makes every token issued so far answer 410 `resyncRequired`. */
  invalidateAll(): void {
    this.generation++;
  }
}
