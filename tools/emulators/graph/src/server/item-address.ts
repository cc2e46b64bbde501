import { GraphApiError } from './graph-api-error';

/** Which drive a request names. */
export type DriveSelector =
  | { readonly kind: 'drive'; readonly driveId: string }
  | { readonly kind: 'me' }
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'site'; readonly site: string; readonly driveId?: string };

/** Which item of the drive: the root, one by id, or one by path below the root. */
export type ItemSelector =
  | { readonly kind: 'root' }
  | { readonly kind: 'id'; readonly id: string }
  /** A path below the root, or below the item `base` (`/items/{base}:/a/b:`). */
  | { readonly kind: 'path'; readonly path: string; readonly base?: string };

/** A parsed Graph v1.0 path. */
export type GraphAddress =
  | { readonly kind: 'site'; readonly site: string }
  | { readonly kind: 'site-drives'; readonly site: string }
  | { readonly kind: 'drive'; readonly drive: DriveSelector }
  | { readonly kind: 'item'; readonly drive: DriveSelector; readonly item: ItemSelector; readonly action: ItemAction };

/** What is asked of an item: itself, its children, its content, a delta, an upload session. */
export type ItemAction = 'item' | 'children' | 'content' | 'delta' | 'createUploadSession';

const ACTIONS: readonly ItemAction[] = ['children', 'content', 'delta', 'createUploadSession'];

/**
 * Parses a Graph path after `/v1.0`: `/sites/{id | hostname:/path:}`, `/sites/{s}/drives`,
 * `/sites/{s}/drive`, `/drives/{id}`, `/me/drive`, `/users/{id}/drive`, each followed by an item
 * (`/root`, `/items/{id}`, `/root:/a/b:` or `/root:/a/b`) and an action (`/children`, `/content`,
 * `/delta` or `/delta()`, `/createUploadSession`, also as `:/children` after a path). 400 `invalidRequest` otherwise.
 */
export function parseGraphPath(rawPath: string): GraphAddress {
  const path = decodeURIComponent(rawPath);
  let rest: string;
  let drive: DriveSelector;
  let m: RegExpExecArray | null;
  if ((m = /^\/sites\/([^/]+?:\/.*?:|[^/:]+(?::\/[^:]*)?)(\/.*)?$/.exec(path))) {
    const site = m[1];
    const tail = m[2] ?? '';
    if (tail === '') return { kind: 'site', site };
    if (tail === '/drives') return { kind: 'site-drives', site };
    const d = /^\/drives\/([^/]+)(\/.*)?$/.exec(tail);
    if (d) {
      drive = { kind: 'site', site, driveId: d[1] };
      rest = d[2] ?? '';
    } else if (tail.startsWith('/drive')) {
      drive = { kind: 'site', site };
      rest = tail.slice('/drive'.length);
    } else throw invalid(path);
  } else if ((m = /^\/drives\/([^/]+)(\/.*)?$/.exec(path))) {
    drive = { kind: 'drive', driveId: m[1] };
    rest = m[2] ?? '';
  } else if ((m = /^\/me\/drive(\/.*)?$/.exec(path))) {
    drive = { kind: 'me' };
    rest = m[1] ?? '';
  } else if ((m = /^\/users\/([^/]+)\/drive(\/.*)?$/.exec(path))) {
    drive = { kind: 'user', userId: m[1] };
    rest = m[2] ?? '';
  } else throw invalid(path);
  if (rest === '') return { kind: 'drive', drive };
  let item: ItemSelector;
  let tail: string;
  if ((m = /^\/root:\/?(.*?):(\/.*)?$/.exec(rest))) {
    item = m[1] === '' ? { kind: 'root' } : { kind: 'path', path: m[1] };
    tail = m[2] ?? '';
  } else if ((m = /^\/root:\/(.+)$/.exec(rest))) {
    item = { kind: 'path', path: m[1] };
    tail = '';
  } else if ((m = /^\/root(\/.*)?$/.exec(rest))) {
    item = { kind: 'root' };
    tail = m[1] ?? '';
  } else if ((m = /^\/items\/([^/:]+):\/?(.*?):?(\/[A-Za-z.]+(?:\(\))?)?$/.exec(rest))) {
    item = { kind: 'path', path: m[2], base: m[1] };
    tail = m[3] ?? '';
  } else if ((m = /^\/items\/([^/:]+)(\/.*)?$/.exec(rest))) {
    item = { kind: 'id', id: m[1] };
    tail = m[2] ?? '';
  } else throw invalid(path);
  if (tail === '') return { kind: 'item', drive, item, action: 'item' };
  const action = tail
    .slice(1)
    .replace(/\(\)$/, '')
    .replace(/^microsoft\.graph\./, '') as ItemAction;
  if (!ACTIONS.includes(action)) throw invalid(path);
  return { kind: 'item', drive, item, action };
}

function invalid(path: string): GraphApiError {
  return new GraphApiError(400, 'invalidRequest', `Invalid request: the segment '${path}' is not a resource this service knows.`);
}
