/**
 * Awaits `promise` and answers the error it rejected with, failing when it resolved or when the error
 * lacks `code` (a FieldsyncError, checked by code since errors may cross a wire serialised).
 */
export async function expectErrorCode(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  let outcome: { resolved: true; value: unknown } | { resolved: false; error: unknown };
  try {
    outcome = { resolved: true, value: await promise };
  } catch (error) {
    outcome = { resolved: false, error };
  }
  if (outcome.resolved) throw new Error(`expected a ${code} error, but the call succeeded with ${JSON.stringify(outcome.value)}`);
  const error = outcome.error as Record<string, unknown> | undefined;
  expect({ code: error?.code, message: error?.message }).toMatchObject({ code });
  return error as Record<string, unknown>;
}
