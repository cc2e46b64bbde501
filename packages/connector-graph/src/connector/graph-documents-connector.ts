import {
  chunksOf,
  ConnectorCallPolicy,
  RangeNotSatisfiableError,
  type ByteRange,
  type DocumentChanges,
  type DocumentContent,
  type DocumentItem,
  type DocumentListing,
  type DocumentRecord,
  type DocumentUpload,
  type DocumentsConnector,
  type EnsureFolderOutcome,
  type ResyncRequired,
} from '@fieldsync/connector-api';
import { AuthenticationHandler, Client, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import { Agent, request } from 'undici';
import { GraphTokenProvider } from '../auth/graph-token-provider';
import type { GraphDocumentsConfig } from '../config/graph-documents-config';
import { GraphHttpError, retryAfterMs } from '../errors/graph-call-failure';
import { graphFailureClassifier } from '../errors/graph-failure-classifier';
import { isGraphStatus, mapGraphError } from '../errors/map-graph-error';
import { UndiciFetchHandler } from '../http/undici-fetch-handler';
import { oneDriveRecordFolder, sharePointRecordFolder } from '../layout/record-folder-path';

/** Graph's rule for upload fragments: multiples of 320 KiB, except the last. */
export const GRAPH_UPLOAD_MULTIPLE = 320 * 1024;

/** A driveItem as Graph answers it (the fields the connector reads). */
interface DriveItemJson {
  readonly id: string;
  readonly name: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly cTag?: string;
  readonly lastModifiedDateTime?: string;
  readonly file?: { readonly mimeType?: string };
  readonly folder?: { readonly childCount?: number };
  readonly deleted?: { readonly state?: string };
  readonly root?: object;
  readonly parentReference?: { readonly id?: string; readonly path?: string };
  readonly '@microsoft.graph.downloadUrl'?: string;
}

interface CollectionJson {
  readonly value: readonly DriveItemJson[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/** The cursor of {@link GraphDocumentsConnector.changes}: the deltaLink, and the folders known below the record folder (id → relative path). */
interface DeltaCursor {
  readonly deltaLink: string;
  readonly folders: Record<string, string>;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * A {@link DocumentsConnector} over Microsoft Graph with the real `@microsoft/microsoft-graph-client`:
 * SharePoint document libraries (`<library>/<entity>/<name>_<ID WITHOUT DASHES>/` or the record's
 * `sharepointdocumentlocation`) and OneDrive (`<root>/<entity>/<name>_<id>/`, a missing root folder is a
 * warning that skips document sync). Changes come from drive-root delta queries (410 `resyncRequired` →
 * a full listing), reads from `@microsoft.graph.downloadUrl` with Range, writes from upload sessions
 * in multiples of 320 KiB. Every call runs under the connector retry policy (429 / 503 Retry-After,
 * a 401 renews the token once). See decision 173.
 */
export class GraphDocumentsConnector implements DocumentsConnector {
  readonly #config: GraphDocumentsConfig;
  readonly #dispatcher: Agent;
  readonly #tokens: GraphTokenProvider;
  readonly #client: Client;
  readonly #policy: ConnectorCallPolicy;
  readonly #chunkBytes: number;
  #driveId: Promise<string> | undefined;

  constructor(config: GraphDocumentsConfig) {
    this.#config = config;
    const graphUrl = (config.graphUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
    this.#dispatcher = new Agent(config.ca ? { connect: { ca: config.ca } } : {});
    this.#tokens = new GraphTokenProvider(config.credentials, config.authority, config.scope ?? `${graphUrl}/.default`, this.#dispatcher);
    const host = new URL(graphUrl).hostname;
    this.#client = Client.initWithMiddleware({
      baseUrl: `${graphUrl}/`,
      ...(host === 'graph.microsoft.com' ? {} : { customHosts: new Set([host]) }),
      middleware: [new AuthenticationHandler(this.#tokens), new TelemetryHandler(), new UndiciFetchHandler(this.#dispatcher)],
    });
    this.#policy = new ConnectorCallPolicy({ classifier: graphFailureClassifier, limits: config.retry, clock: config.clock });
    const chunk = config.uploadChunkBytes ?? 10 * GRAPH_UPLOAD_MULTIPLE;
    this.#chunkBytes = Math.max(GRAPH_UPLOAD_MULTIPLE, chunk - (chunk % GRAPH_UPLOAD_MULTIPLE));
  }

  /** Runs one call under the retry policy; failures the policy leaves over are mapped to connector errors. */
  async #call<T>(operation: string, idempotent: boolean, attempt: () => Promise<T>, target?: string): Promise<T> {
    try {
      return await this.#policy.run({ operation, idempotent, refreshSession: () => this.#tokens.renew() }, async () => {
        try {
          return await attempt();
        } catch (error) {
          // A refused token reaches here wrapped by the Graph client; the provider kept the typed error.
          throw this.#tokens.takeFailure() ?? error;
        }
      });
    } catch (error) {
      throw mapGraphError(error, operation, target);
    }
  }

  #get<T>(operation: string, path: string): Promise<T> {
    return this.#call(operation, true, () => this.#client.api(path).get() as Promise<T>, path);
  }

  /** The drive (library or OneDrive) the target names, looked up once. */
  #drive(): Promise<string> {
    this.#driveId ??= (async () => {
      const target = this.#config.target;
      if (target.kind === 'onedrive') {
        const drive = await this.#get<{ id: string }>(
          'resolveDrive',
          target.user === undefined ? '/me/drive' : `/users/${encodeURIComponent(target.user)}/drive`,
        );
        return drive.id;
      }
      const site = await this.#get<{ id: string }>('resolveSite', `/sites/${target.site}`);
      if (target.library === undefined) return (await this.#get<{ id: string }>('resolveDrive', `/sites/${site.id}/drive`)).id;
      const drives = await this.#get<{ value: { id: string; name: string }[] }>('resolveDrive', `/sites/${site.id}/drives`);
      const library = drives.value.find((d) => d.name.toLowerCase() === target.library?.toLowerCase());
      if (!library)
        throw mapGraphError(new GraphHttpError(404, 'itemNotFound', `The site has no library '${target.library}'.`, undefined), 'resolveDrive', target.site);
      return library.id;
    })();
    this.#driveId.catch(() => (this.#driveId = undefined));
    return this.#driveId;
  }

  /** The record folder's path below the drive root. */
  recordFolderPath(record: DocumentRecord): string {
    const target = this.#config.target;
    return target.kind === 'onedrive' ? oneDriveRecordFolder(target.root, record) : sharePointRecordFolder(record, target.documentLocations);
  }

  async #itemAtPath(driveId: string, path: string): Promise<DriveItemJson | undefined> {
    try {
      return await this.#get<DriveItemJson>('getItem', `/drives/${driveId}/root:/${encodePath(path)}:`);
    } catch (error) {
      if (isGraphStatus((error as { cause?: unknown }).cause ?? error, 404) || (error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async ensureRecordFolder(record: DocumentRecord): Promise<EnsureFolderOutcome> {
    const driveId = await this.#drive();
    const target = this.#config.target;
    if (target.kind === 'onedrive') {
      const root = await this.#itemAtPath(driveId, target.root);
      if (!root?.folder) {
        return {
          kind: 'skipped',
          warning: {
            code: 'onedrive-root-missing',
            message: `The OneDrive root folder '${target.root}' does not exist; document sync is skipped for ${record.entity} ${record.id}.`,
          },
        };
      }
    }
    const path = this.recordFolderPath(record);
    const existing = await this.#itemAtPath(driveId, path);
    if (existing) return { kind: 'folder', folder: { id: existing.id, path }, created: false };
    let parent = (await this.#get<DriveItemJson>('getItem', `/drives/${driveId}/root`)).id;
    let walked = '';
    let created = false;
    for (const segment of path.split('/')) {
      walked = walked === '' ? segment : `${walked}/${segment}`;
      const found = await this.#itemAtPath(driveId, walked);
      if (found) {
        parent = found.id;
        continue;
      }
      const body = { name: segment, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' };
      try {
        parent = (
          await this.#call(
            'createFolder',
            false,
            () => this.#client.api(`/drives/${driveId}/items/${parent}/children`).post(body) as Promise<DriveItemJson>,
            walked,
          )
        ).id;
        created = true;
      } catch (error) {
        // Another writer made it first (409 nameAlreadyExists): use theirs.
        const again = await this.#itemAtPath(driveId, walked);
        if (!again) throw error;
        parent = again.id;
      }
    }
    return { kind: 'folder', folder: { id: parent, path }, created };
  }

  #toItem(json: DriveItemJson, path: string): DocumentItem {
    return {
      id: json.id,
      name: json.name,
      kind: json.folder ? 'folder' : 'file',
      path,
      size: json.size ?? 0,
      eTag: json.eTag ?? '',
      ...(json.cTag ? { cTag: json.cTag } : {}),
      ...(json.file?.mimeType ? { mimeType: json.file.mimeType } : {}),
      lastModified: json.lastModifiedDateTime ?? '',
    };
  }

  async #collect(operation: string, first: string): Promise<{ readonly items: DriveItemJson[]; readonly deltaLink?: string }> {
    const items: DriveItemJson[] = [];
    let next: string | undefined = first;
    let deltaLink: string | undefined;
    while (next !== undefined) {
      const page: CollectionJson = await this.#get<CollectionJson>(operation, next);
      items.push(...page.value);
      next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
    }
    return { items, ...(deltaLink === undefined ? {} : { deltaLink }) };
  }

  async listFolder(record: DocumentRecord): Promise<DocumentListing> {
    const driveId = await this.#drive();
    const folder = await this.#itemAtPath(driveId, this.recordFolderPath(record));
    if (!folder) return { kind: 'listing', items: [] };
    const items: DocumentItem[] = [];
    const pending: { id: string; path: string }[] = [{ id: folder.id, path: '' }];
    for (let current = pending.shift(); current !== undefined; current = pending.shift()) {
      const { items: children } = await this.#collect('listFolder', `/drives/${driveId}/items/${current.id}/children`);
      for (const child of children) {
        const path = current.path === '' ? child.name : `${current.path}/${child.name}`;
        items.push(this.#toItem(child, path));
        if (child.folder) pending.push({ id: child.id, path });
      }
    }
    return { kind: 'listing', items };
  }

  async changes(record: DocumentRecord, cursor: string | undefined): Promise<DocumentChanges | ResyncRequired> {
    const driveId = await this.#drive();
    if (cursor === undefined) return this.#deltaFrom(record, driveId, undefined);
    const parsed = JSON.parse(cursor) as DeltaCursor;
    try {
      return await this.#deltaFrom(record, driveId, parsed);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 410) throw error;
      const full = await this.#deltaFrom(record, driveId, undefined);
      return { kind: 'resync-required', items: full.changed, cursor: full.cursor, reason: (error as Error).message };
    }
  }

  /**
   * A delta of the drive root (SharePoint and OneDrive for Business answer delta on the root only, without
   * `parentReference.path`), kept to the record folder by parent ids: parents come before their children.
   */
  async #deltaFrom(record: DocumentRecord, driveId: string, cursor: DeltaCursor | undefined): Promise<DocumentChanges> {
    const folders: Record<string, string> = { ...(cursor?.folders ?? {}) };
    if (cursor === undefined) {
      const folder = await this.#itemAtPath(driveId, this.recordFolderPath(record));
      if (folder) folders[folder.id] = '';
    }
    const { items, deltaLink } = await this.#collect('changes', cursor?.deltaLink ?? `/drives/${driveId}/root/delta`);
    const changed: DocumentItem[] = [];
    const deletedIds: string[] = [];
    for (const item of items) {
      const parentId = item.parentReference?.id;
      if (item.deleted) {
        if (folders[item.id] !== undefined || (parentId !== undefined && folders[parentId] !== undefined)) {
          deletedIds.push(item.id);
          delete folders[item.id];
        }
        continue;
      }
      if (folders[item.id] === '') continue;
      if (parentId === undefined || folders[parentId] === undefined) continue;
      const path = folders[parentId] === '' ? item.name : `${folders[parentId]}/${item.name}`;
      if (item.folder) folders[item.id] = path;
      changed.push(this.#toItem(item, path));
    }
    if (deltaLink === undefined)
      throw mapGraphError(new GraphHttpError(502, undefined, 'A delta answer ended without @odata.deltaLink.', undefined), 'changes');
    return { kind: 'changes', changed, deletedIds, cursor: JSON.stringify({ deltaLink, folders } satisfies DeltaCursor) };
  }

  async read(record: DocumentRecord, itemId: string, range?: ByteRange): Promise<DocumentContent> {
    const driveId = await this.#drive();
    const target = `${record.entity} ${record.id}: item ${itemId}`;
    return this.#call(
      'read',
      true,
      async () => {
        const item = (await this.#client.api(`/drives/${driveId}/items/${itemId}`).get()) as DriveItemJson;
        const url = item['@microsoft.graph.downloadUrl'];
        if (url === undefined) throw new GraphHttpError(400, 'notAFile', `Item ${itemId} has no download URL (a folder?).`, undefined);
        const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : {};
        const answer = await request(url, { method: 'GET', headers, dispatcher: this.#dispatcher });
        if (answer.statusCode === 416) {
          await answer.body.dump();
          const size = Number(/\/(\d+)$/.exec(String(answer.headers['content-range'] ?? ''))?.[1] ?? item.size ?? 0);
          throw new RangeNotSatisfiableError(size, `${target}: the range ${range?.start ?? 0}- lies beyond the ${size} bytes of the file.`);
        }
        if (answer.statusCode !== 200 && answer.statusCode !== 206) {
          await answer.body.dump();
          throw new GraphHttpError(
            answer.statusCode,
            undefined,
            `The download answered ${answer.statusCode}.`,
            retryAfterMs(String(answer.headers['retry-after'] ?? '')),
          );
        }
        const size = item.size ?? 0;
        const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(answer.headers['content-range'] ?? ''));
        const covered = contentRange ? { start: Number(contentRange[1]), end: Number(contentRange[2]) } : { start: 0, end: size - 1 };
        return { size, range: covered, body: answer.body as AsyncIterable<Uint8Array> };
      },
      target,
    );
  }

  async startUpload(record: DocumentRecord, fileName: string, size: number): Promise<DocumentUpload> {
    const folder = await this.ensureRecordFolder(record);
    if (folder.kind === 'skipped') throw mapGraphError(new GraphHttpError(409, folder.warning.code, folder.warning.message, undefined), 'startUpload');
    const driveId = await this.#drive();
    const body = { item: { '@microsoft.graph.conflictBehavior': 'replace', name: fileName } };
    const session = await this.#call(
      'startUpload',
      false,
      () =>
        this.#client.api(`/drives/${driveId}/items/${folder.folder.id}:/${encodeURIComponent(fileName)}:/createUploadSession`).post(body) as Promise<{
          uploadUrl: string;
        }>,
      `${folder.folder.path}/${fileName}`,
    );
    return { sessionUrl: session.uploadUrl, fileName, size };
  }

  async uploadOffset(upload: DocumentUpload): Promise<number> {
    const status = await this.#call('uploadOffset', true, async () => {
      const answer = await request(upload.sessionUrl, { method: 'GET', dispatcher: this.#dispatcher });
      const text = await answer.body.text();
      if (answer.statusCode !== 200)
        throw new GraphHttpError(
          answer.statusCode,
          undefined,
          `The upload session answered ${answer.statusCode}: ${text}`,
          retryAfterMs(String(answer.headers['retry-after'] ?? '')),
        );
      return JSON.parse(text) as { nextExpectedRanges?: string[] };
    });
    return Number(/^(\d+)-/.exec(status.nextExpectedRanges?.[0] ?? '0-')?.[1] ?? 0);
  }

  async uploadFrom(upload: DocumentUpload, source: AsyncIterable<Uint8Array>, fromOffset: number): Promise<DocumentItem> {
    let offset = fromOffset;
    let answer: DriveItemJson | undefined;
    for await (const { bytes: chunk } of chunksOf(source, this.#chunkBytes)) {
      const from = offset;
      const to = from + chunk.length - 1;
      if (to >= upload.size)
        throw mapGraphError(
          new GraphHttpError(400, 'invalidRequest', `The source is longer than the ${upload.size} bytes declared.`, undefined),
          'uploadFrom',
          upload.fileName,
        );
      answer = await this.#call(
        'uploadFrom',
        false,
        async () => {
          const reply = await request(upload.sessionUrl, {
            method: 'PUT',
            headers: { 'content-range': `bytes ${from}-${to}/${upload.size}`, 'content-length': String(chunk.length) },
            body: chunk,
            dispatcher: this.#dispatcher,
          });
          const text = await reply.body.text();
          if (reply.statusCode === 202) return undefined;
          if (reply.statusCode === 200 || reply.statusCode === 201) return JSON.parse(text) as DriveItemJson;
          const error = (JSON.parse(text || '{}') as { error?: { code?: string; message?: string } }).error;
          throw new GraphHttpError(reply.statusCode, error?.code, error?.message ?? text, retryAfterMs(String(reply.headers['retry-after'] ?? '')));
        },
        upload.fileName,
      );
      offset = to + 1;
    }
    if (answer === undefined) {
      throw mapGraphError(
        new GraphHttpError(400, 'invalidRequest', `The source ended at byte ${offset} of ${upload.size}; resume from there.`, undefined),
        'uploadFrom',
        upload.fileName,
      );
    }
    return this.#toItem(answer, upload.fileName);
  }

  async delete(record: DocumentRecord, itemId: string): Promise<void> {
    const driveId = await this.#drive();
    try {
      await this.#call(
        'delete',
        true,
        () => this.#client.api(`/drives/${driveId}/items/${itemId}`).delete() as Promise<unknown>,
        `${record.entity} ${record.id}: item ${itemId}`,
      );
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }

  /** Closes the connector's connections. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }
}
