import type { Clock } from '@fieldsync/model';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';

/** The error of a delta token past its lifetime (or older than the store's history). */
export function versionStampExpired(): DataverseApiError {
  return new DataverseApiError(
    400,
    DATAVERSE_ERROR_CODES.versionStampExpired,
    'Version stamp associated with the client has expired. Please perform a full sync.',
  );
}

/**
 * Delta tokens: `version!issuedAtMs!serial`, opaque to clients, like Dataverse's `919042!08/22/2017 08:10:44`.
 * A token is valid for the TTL after it was issued, and until {@link ChangeTokens.expireAll}.
 */
export class ChangeTokens {
  private serial = 0;
  private expiredBelowSerial = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** A token for "changes after `version`". */
  issue(version: number): string {
    this.serial++;
    return `${version}!${this.clock.now()}!${this.serial}`;
  }

  /** Makes every token issued so far answer the expired error. */
  expireAll(): void {
    this.expiredBelowSerial = this.serial + 1;
  }

  /** The version of a token; 400 `0x80060888` when malformed, 400 `0x80044352` when expired. */
  versionOf(token: string): number {
    const match = /^(\d+)!(\d+)!(\d+)$/.exec(token);
    if (!match) throw queryError(`The delta token '${token}' is not valid.`);
    const [, version, issuedAt, serial] = match;
    if (Number(serial) < this.expiredBelowSerial || this.clock.now() - Number(issuedAt) > this.ttlMs) throw versionStampExpired();
    return Number(version);
  }
}
