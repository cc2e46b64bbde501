import { expectErrorCode } from '../support/expect-error-code';

/**
 * Awaits `promise` and checks it was refused as bad input: code `BAD_USER_INPUT`, `details.field` the
 * input at fault (`input.appVersion`, `id`...) and `details.reason` the bridge's user-error code
 * (`INVALID_VERSION`, `NOT_FOUND`...).
 */
export async function expectUserInputError(promise: Promise<unknown>, field: string, reason: string): Promise<void> {
  const error = await expectErrorCode(promise, 'BAD_USER_INPUT');
  const details = (error.details ?? {}) as Record<string, unknown>;
  expect({ field: details.field, reason: details.reason }).toEqual({ field, reason });
}
