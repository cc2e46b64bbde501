/** The Dataverse error codes the connector tells apart (`error.code` of the Web API's error JSON). */
export const DataverseErrorCodes = {
  /** "Version stamp associated with the client has expired. Please perform a full sync." */
  changeTrackingTokenExpired: '0x80044352',
  /** "Could not find a property named 'x' on type 'Microsoft.Dynamics.CRM.account'." */
  propertyNotFound: '0x80060888',
  /** "Resource not found for the segment 'x'." (an unknown entity set) */
  segmentNotFound: '0x8006088a',
  /** "The query parameter $filter is not supported" / a malformed query option. */
  querySyntax: '0x80060891',
  /** "account With Id = … Does Not Exist" */
  recordNotFound: '0x80040217',
  /** "Cannot insert duplicate key." (a create whose id exists: a replayed create) */
  duplicateKey: '0x80040237',
  /** "Principal user … is missing prv… privilege" (SecLib::AccessCheckEx failed). */
  accessDenied: '0x80040220',
  /** "The version of the existing record doesn't match the RowVersion property provided." */
  concurrencyVersionMismatch: '0x80060882',
  /** "Error identified in Payload provided by the user for Entity" (an unknown or unwritable property). */
  invalidPayload: '0x80048d19',
  /** A validation rule: a required attribute is missing, a value is out of range. */
  invalidArgument: '0x80040203',
} as const;
