import { FieldsyncError } from '@fieldsync/model';

/** The server's customization needs a newer app than this one; nothing was changed. Retry: after updating the app. */
export class AppUpdateRequiredError extends FieldsyncError {
  constructor(
    readonly requiredVersion: string,
    readonly appVersion: string,
  ) {
    super('APP_UPDATE_REQUIRED', 'Your server customization requires a new version of the application', { requiredVersion, appVersion });
  }
}

/**
 * The customization the server offered cannot be used: a changed part is missing, the parts do not
 * hash to the offered version, or the document does not fit the server's schema. Nothing was changed.
 * Retry: no (the administrator republishes).
 */
export class CustomizationOfferInvalidError extends FieldsyncError {
  constructor(
    readonly version: string,
    reason: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super('CUSTOMIZATION_OFFER_INVALID', `the customization offered by the server (version ${version.slice(0, 12)}) cannot be used: ${reason}`, {
      version,
      reason,
      ...details,
    });
  }
}

/** `applyPendingCustomization()` was called with no customization update waiting. */
export class NoPendingCustomizationError extends FieldsyncError {
  constructor() {
    super('NO_PENDING_CUSTOMIZATION', 'no customization update is waiting to be applied');
  }
}

/** The engine was opened with options that cannot go together (a device channel and an explicit customization). */
export class InvalidEngineOptionsError extends FieldsyncError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super('INVALID_ENGINE_OPTIONS', `${option}: ${reason}`, { option, reason });
  }
}
