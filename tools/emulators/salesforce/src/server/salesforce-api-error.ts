/**
 * An error the emulator answers as Salesforce does: the HTTP status and a body
 * `[{"message","errorCode"(,"fields")}]`.
 */
export class SalesforceApiError extends Error {
  override readonly name = 'SalesforceApiError';

  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: readonly string[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The Salesforce error body. */
  body(): unknown {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}
