import { InvalidFilterError } from '@fieldsync/model';

/**
 * A BlobStoreFilter document is malformed: not well-formed XML, a DOCTYPE, an unknown element or
 * attribute, a bad number, or contradictory rules. Code `INVALID_BLOB_STORE_FILTER`; `path` is the
 * XPath-like place (`/BlobStoreFilter/FilesFilter/Quota`), `line` and `column` are 1-based.
 * It extends `InvalidFilterError`, so code that reports a bad filter reports this one too.
 */
export class InvalidBlobStoreFilterError extends InvalidFilterError {
  constructor(message: string, path: string, line: number, column: number) {
    super(message, path, line, column, { code: 'INVALID_BLOB_STORE_FILTER' });
  }
}
