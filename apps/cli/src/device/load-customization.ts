import { readFileSync } from 'node:fs';
import { validateCustomizationWithBlobFilter } from '@fieldsync/blob-filters';
import type { Customization, Schema, ValidationIssue } from '@fieldsync/model';
import { CustomizationFileError } from '../errors/device-errors';

/** A customization read from a file, with the warnings it raised. */
export interface LoadedCustomization {
  readonly customization: Customization;
  readonly warnings: readonly ValidationIssue[];
}

/**
 * Reads a customization JSON file and parses it against `schema` (the CRM's), defaults applied.
 * Throws {@link CustomizationFileError} naming the file when it cannot be read, is not JSON (with the
 * line and column), or has issues (each with its path; a BlobStoreFilter that does not parse is one).
 */
export function loadCustomizationFile(file: string, schema: Schema): LoadedCustomization {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CustomizationFileError(file, `cannot be read (${typeof code === 'string' ? code : String(error)})`);
  }
  const { customization, issues, warnings } = validateCustomizationWithBlobFilter(text, schema);
  if (!customization || issues.length > 0) throw new CustomizationFileError(file, 'not a valid customization', issues);
  return { customization, warnings };
}
