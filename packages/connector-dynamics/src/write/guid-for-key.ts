import { createHash } from 'node:crypto';

/**
 * The record id a create without a client id gets: a name-based (version 5 layout) GUID of its
 * idempotency key, so that a retried create carries the same id and Dataverse answers it with a
 * duplicate key instead of making a second record (docs/decisions/097).
 */
export function guidForKey(idempotencyKey: string): string {
  const hash = createHash('sha1').update(`fieldsync:create:${idempotencyKey}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
