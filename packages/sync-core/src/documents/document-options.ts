/** How the engine downloads record documents (`SyncConnectionOptions.documents`); files go to the attachments' `storage`. */
export interface DocumentOptions {
  /** Documents downloaded at once. @default 10 */
  readonly parallel?: number;
}

/** The defaults of {@link DocumentOptions}. */
export const DOCUMENT_DEFAULTS = { parallel: 10 } as const;
