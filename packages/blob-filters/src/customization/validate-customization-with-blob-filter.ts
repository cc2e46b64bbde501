import { validateCustomization, type CustomizationValidation, type Schema, type ValidationIssue } from '@fieldsync/model';
import { InvalidBlobStoreFilterError } from '../errors/invalid-blob-store-filter-error';
import { parseBlobStoreFilter } from '../filter/parse-blob-store-filter';

/** The `blobStoreFilter` of a customization document (an object or its JSON text), when it is text. */
function blobStoreFilterText(input: unknown): string | undefined {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const text = (document as { blobStoreFilter?: unknown }).blobStoreFilter;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

/** An {@link InvalidBlobStoreFilterError} as an issue at `blobStoreFilter`, keeping the place inside the XML, line and column. */
function filterIssue(error: InvalidBlobStoreFilterError): ValidationIssue {
  const message = error.message.slice(`${error.path}: `.length).replace(/ at line \d+, column \d+$/, '');
  return { path: 'blobStoreFilter', message: `${message} at ${error.path}`, line: error.line ?? 0, column: error.column ?? 0 };
}

/**
 * {@link validateCustomization}, plus the BlobStoreFilter: its XML is parsed and every problem is an
 * issue at `blobStoreFilter` with its line and column (so a customization whose filter does not parse
 * cannot be published), and an entity with `attachments: true` in a customization without a filter
 * gets a warning saying what the default (`defaultBlobStoreFilter`) will do. Use it wherever a
 * customization is accepted from an admin.
 */
export function validateCustomizationWithBlobFilter(input: unknown, schema: Schema): CustomizationValidation {
  const validation = validateCustomization(input, schema);
  const text = blobStoreFilterText(input);
  const issues = [...validation.issues];
  if (text !== undefined) {
    try {
      parseBlobStoreFilter(text);
    } catch (error) {
      if (!(error instanceof InvalidBlobStoreFilterError)) throw error;
      issues.push(filterIssue(error));
    }
  }
  if (issues.length > 0 || !validation.customization) return { issues, warnings: validation.warnings };

  const customization = validation.customization;
  const warnings = [...validation.warnings];
  if (customization.blobStoreFilter === undefined) {
    const limit = customization.settings.MaxAttachmentSize;
    customization.entities.forEach((config, index) => {
      if (!config.attachments || config.uploadOnly) return;
      warnings.push({
        path: `entities[${index}].attachments`,
        message:
          `there is no blobStoreFilter, so every attachment of '${config.entity}' is downloaded during sync, ` +
          `${limit > 0 ? `up to MaxAttachmentSize (${limit.toLocaleString('en-US')} bytes)` : 'of any size (MaxAttachmentSize is 0, no limit)'}, with no quota; ` +
          'add a blobStoreFilter to bound what reaches the devices',
      });
    });
  }
  return { customization, issues, warnings };
}
