import semver from 'semver';
import { validateCustomizationWithBlobFilter } from '@fieldsync/blob-filters';
import { customizationPartHashes, type Customization, type Schema, type ValidationIssue } from '@fieldsync/model';
import { userError, type UserError } from '../errors/user-error';
import { roleNameProblem } from '../validation/input-formats';

/** The admin's input to publish (or dry-run) a customization. */
export interface PublishCustomizationInput {
  readonly content: unknown;
  readonly roles: readonly { readonly role: string; readonly priority: number }[];
  readonly minAppVersion?: string | null;
  readonly settingsReadOnly?: boolean | null;
  readonly comment?: string | null;
}

/** A checked publication: the parsed customization and what to store, or the problems. */
export type CheckedPublication =
  | {
      readonly ok: true;
      readonly customization: Customization;
      readonly warnings: readonly ValidationIssue[];
      readonly partHashes: ReturnType<typeof customizationPartHashes>;
    }
  | { readonly ok: false; readonly userErrors: readonly UserError[] };

/**
 * Validates a publication against the CRM schema: the document, BlobStoreFilter included (every
 * issue with its path under `input.content`, and its line and column in FetchXML or filter XML), the role assignments (at least one, no repeats, names of 1 to 100 characters
 * without control characters, integer priorities) and the
 * minimum app version (semver).
 */
export function checkPublication(input: PublishCustomizationInput, schema: Schema): CheckedPublication {
  const problems: UserError[] = [];
  const validation = validateCustomizationWithBlobFilter(input.content, schema);
  for (const issue of validation.issues) problems.push(userError(`input.content.${issue.path}`, 'INVALID_CUSTOMIZATION', issue.message, issue));
  if (input.roles.length === 0) problems.push(userError('input.roles', 'NO_ROLES', 'assign the customization to at least one security role'));
  const seen = new Set<string>();
  input.roles.forEach((assignment, index) => {
    const roleProblem = roleNameProblem(assignment.role);
    if (roleProblem) problems.push(userError(`input.roles[${index}].role`, 'INVALID_ROLE', roleProblem));
    if (seen.has(assignment.role)) problems.push(userError(`input.roles[${index}].role`, 'DUPLICATE_ROLE', `role '${assignment.role}' is listed twice`));
    seen.add(assignment.role);
    if (!Number.isInteger(assignment.priority) || assignment.priority < 0 || assignment.priority > 1_000_000) {
      problems.push(userError(`input.roles[${index}].priority`, 'INVALID_PRIORITY', 'the priority must be an integer from 0 to 1,000,000'));
    }
  });
  if (input.minAppVersion !== undefined && input.minAppVersion !== null && !semver.valid(input.minAppVersion)) {
    problems.push(userError('input.minAppVersion', 'INVALID_VERSION', `'${input.minAppVersion}' is not a semantic version such as 2.4.0`));
  }
  if (input.comment && input.comment.length > 2000) problems.push(userError('input.comment', 'TOO_LONG', 'the comment is longer than 2,000 characters'));
  if (problems.length > 0 || !validation.customization) return { ok: false, userErrors: problems };
  return { ok: true, customization: validation.customization, warnings: validation.warnings, partHashes: customizationPartHashes(validation.customization) };
}
