/** Error codes of a sync (or an `apiUsage` call) that mean the backend could not be reached, not that it refused. */
export const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set(['TRANSIENT', 'RATE_LIMITED']);

/** True when `code` (a `SyncResult.error.code` or a thrown error's `code`) means the connection failed: retry later. */
export function isConnectionFailure(code: string | undefined): boolean {
  return code !== undefined && CONNECTION_FAILURE_CODES.has(code);
}
