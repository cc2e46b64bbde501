import type { ValidationIssue } from '../errors/validation-issue';
import { describeValue, isJsonObject, unknownKeys } from '../schema/validate-json';

/** An entity's documents in a SharePoint site's library: `<library>/<entity>/<name>_<ID WITHOUT DASHES>/` (decision 174). */
export interface SharePointDocuments {
  readonly backend: 'sharepoint';
  /** The site: a Graph site id or `hostname:/sites/path`. */
  readonly site: string;
  /** The library's name; absent: the site's default library. */
  readonly library?: string;
}

/** An entity's documents in a OneDrive: `<root>/<entity>/<name>_<id>/`; the root folder must exist (else a warning skips them). */
export interface OneDriveDocuments {
  readonly backend: 'onedrive';
  /** The folder below the drive root that record folders go in. */
  readonly root: string;
  /** Whose OneDrive (id or UPN); absent: the bridge's configured default. */
  readonly user?: string;
}

/** Where an entity's record documents live (`EntitySyncConfig.documents`, decision 178). */
export type EntityDocuments = SharePointDocuments | OneDriveDocuments;

/** The document backends a customization can name. */
export const DOCUMENT_BACKENDS = ['sharepoint', 'onedrive'] as const;

const KEYS = { sharepoint: ['backend', 'site', 'library'], onedrive: ['backend', 'root', 'user'] } as const;

/**
 * Reads an entity's `documents` (`{ backend: 'sharepoint', site, library? }` or `{ backend: 'onedrive',
 * root, user? }`), pushing an issue at `path` (`entities[2].documents.site`) for each problem.
 * Answers undefined when absent or invalid.
 */
export function readEntityDocuments(input: unknown, path: string, issues: ValidationIssue[]): EntityDocuments | undefined {
  if (input === undefined) return undefined;
  if (!isJsonObject(input)) {
    issues.push({ path, message: `must be { backend: 'sharepoint', site, library? } or { backend: 'onedrive', root, user? }, got ${describeValue(input)}` });
    return undefined;
  }
  const backend = input.backend;
  if (backend !== 'sharepoint' && backend !== 'onedrive') {
    issues.push({ path: `${path}.backend`, message: `must be one of ${DOCUMENT_BACKENDS.join(', ')}, got ${describeValue(backend)}` });
    return undefined;
  }
  const before = issues.length;
  for (const key of unknownKeys(input, [...KEYS[backend]])) {
    issues.push({ path: `${path}.${key}`, message: `unknown property '${key}' of a ${backend} document backend` });
  }
  const text = (key: string, required: boolean): string | undefined => {
    const value = input[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({
        path: `${path}.${key}`,
        message: `must be non-empty text${required ? '' : ' (leave it out for the default)'}, got ${describeValue(value)}`,
      });
      return undefined;
    }
    return value.trim();
  };
  if (backend === 'sharepoint') {
    const site = text('site', true);
    const library = text('library', false);
    if (issues.length > before || site === undefined) return undefined;
    return { backend, site, ...(library === undefined ? {} : { library }) };
  }
  const root = text('root', true)?.replace(/^\/+|\/+$/g, '');
  const user = text('user', false);
  if (root === '') issues.push({ path: `${path}.root`, message: "must name a folder below the drive root, not '/'" });
  if (issues.length > before || root === undefined) return undefined;
  return { backend, root, ...(user === undefined ? {} : { user }) };
}
