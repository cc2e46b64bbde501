/**
 * The JSON form of a {@link FieldsyncError}: what crosses a process or network boundary.
 */
export interface SerializedFieldsyncError {
  readonly fieldsyncError: true;
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error Fieldsync throws on purpose. Each subclass has a stable `code`
 * (never reworded once released) and `details` with the context a user needs.
 *
 * Errors cross the bridge serialised, so test with the static guard {@link FieldsyncError.is},
 * which also accepts the plain JSON form, rather than with `instanceof` alone.
 */
export class FieldsyncError extends Error {
  /** Marker that survives `JSON.stringify`; the static guard checks it. */
  readonly fieldsyncError = true as const;

  constructor(
    /** Stable, machine-readable error code, e.g. `INVALID_FILTER`. */
    readonly code: string,
    message: string,
    /** Context for the user: entity, id, path, line, column... Must be JSON-serialisable. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * True for a FieldsyncError instance or its serialised form; with `code`, only for that code.
   * @example if (FieldsyncError.is(e, 'FULL_RESYNC_REQUIRED')) { ... }
   */
  static is(value: unknown, code?: string): value is FieldsyncError | SerializedFieldsyncError {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Partial<SerializedFieldsyncError>;
    if (candidate.fieldsyncError !== true || typeof candidate.code !== 'string') return false;
    return code === undefined || candidate.code === code;
  }

  /** The JSON form, keeping code and details. */
  toJSON(): SerializedFieldsyncError {
    return { fieldsyncError: true, name: this.name, code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error from its JSON form; the class is the base class, the code and details are kept. */
  static fromJSON(json: SerializedFieldsyncError): FieldsyncError {
    const error = new FieldsyncError(json.code, json.message, json.details);
    error.name = json.name;
    return error;
  }
}
