import { ValidationError } from '../errors/validation-error';
import type { Schema } from '../schema/entity-schema';
import type { ParsedCustomization } from './customization';
import { validateCustomization } from './validate-customization';

/**
 * Parses a customization document (an object, or its JSON text) against `schema`: defaults applied,
 * filters parsed (`fetchXml` text becomes `filter`), frozen, with the warnings it raised. Throws
 * {@link ValidationError} (subject `customization`) listing every issue with its path when invalid.
 * @example const { customization, warnings } = parseCustomization(json, schema);
 */
export function parseCustomization(input: unknown, schema: Schema): ParsedCustomization {
  const { customization, issues, warnings } = validateCustomization(input, schema);
  if (!customization || issues.length > 0) throw new ValidationError('customization', issues);
  return { customization, warnings };
}
