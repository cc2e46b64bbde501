import { randomUUID } from 'node:crypto';
import {
  MultipartError,
  parseBatch,
  serializeBatchResponse,
  type BatchPartRequest,
  type BatchPartResponse,
  type BatchResponseItem,
} from '../batch/multipart-codec';
import { planWrite, routeApiRequest } from './api-router';
import { DATAVERSE_ERROR_CODES, DataverseApiError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { parsePrefer } from './prefer-header';
import { applyWrites, GroupWriteError, type PlannedWrite } from './record-writes';

/** The answer to a `$batch`: status, headers and the multipart body. */
export interface BatchHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const API_ROOT = '/api/data/v9.2/';

/** A batch part as an {@link ApiRequest}; `$n` at the start of its URL and as a bind value refer to earlier parts of its change set. */
function toApiRequest(context: EmulatorContext, part: BatchPartRequest, references: ReadonlyMap<string, string>): ApiRequest {
  let url = part.url;
  const reference = /^\$(\w+)(.*)$/.exec(url);
  if (reference) {
    const target = references.get(reference[1]);
    if (target === undefined)
      throw new DataverseApiError(
        400,
        DATAVERSE_ERROR_CODES.batchInvalid,
        `Batch part ${part.position}: the reference '$${reference[1]}' names no earlier Content-ID of the change set.`,
      );
    url = `${target}${reference[2]}`;
  }
  const parsed = new URL(url, context.apiUrl);
  const path = parsed.pathname.startsWith(API_ROOT) ? parsed.pathname.slice(API_ROOT.length) : parsed.pathname.replace(/^\//, '');
  const body = part.body.replace(/"\$(\w+)"/g, (whole, id: string) => {
    const target = references.get(id);
    return target === undefined ? whole : JSON.stringify(`/${target}`);
  });
  return { method: part.method, path, query: parsed.searchParams, headers: part.headers, body: Buffer.from(body, 'utf8') };
}

function toPartResponse(response: ApiResponse, contentId?: string): BatchPartResponse {
  return {
    status: response.status,
    headers: response.headers,
    // A plain-text answer (`$count`) stays text; everything else is JSON.
    ...(response.body !== undefined ? { body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body) } : {}),
    ...(contentId !== undefined ? { contentId } : {}),
  };
}

function errorResponse(error: unknown, contentId?: string): BatchPartResponse {
  if (!DataverseApiError.is(error)) throw error;
  return toPartResponse({ status: error.status, headers: { 'OData-Version': '4.0', ...error.headers }, body: error.body() }, contentId);
}

/** Maps a store error to the API error a single request would answer (e.g. PERMISSION_DENIED → 403). */
export type ErrorMapper = (error: unknown) => unknown;

/**
 * `POST /$batch`: parses the whole multipart body first (a malformed part: 400 naming it, nothing
 * written), refuses more than `maxRequests` requests (400, nothing written), then runs the parts in
 * order as the user. A change set runs in one store transaction (all or nothing; `Content-ID` / `$n`
 * references between its parts). Without `Prefer: odata.continue-on-error` the first failure ends the
 * batch (status 400); with it every part runs (status 200).
 */
export async function handleBatch(
  context: EmulatorContext,
  user: RequestUser,
  request: ApiRequest,
  maxRequests: number,
  mapError: ErrorMapper,
): Promise<BatchHttpResponse> {
  let items;
  try {
    items = parseBatch(request.body.toString('utf8'), request.headers['content-type']);
  } catch (error) {
    if (MultipartError.is(error)) throw new DataverseApiError(400, DATAVERSE_ERROR_CODES.batchInvalid, `The batch request is malformed. ${error.message}`);
    throw error;
  }
  // OData's batch reader messages (as Dataverse answers them), for a change set and for the whole batch.
  if (items.some((item) => item.kind === 'changeSet' && item.requests.length > maxRequests)) {
    throw new DataverseApiError(
      400,
      DATAVERSE_ERROR_CODES.batchInvalid,
      `The current change set contains too many operations. A maximum number of '${maxRequests}' operations are allowed in a change set.`,
    );
  }
  const count = items.reduce((n, item) => n + (item.kind === 'request' ? 1 : item.requests.length), 0);
  if (count > maxRequests) {
    throw new DataverseApiError(
      400,
      DATAVERSE_ERROR_CODES.batchInvalid,
      `The current batch message contains too many operations. A maximum number of '${maxRequests}' operations are allowed in a batch message.`,
    );
  }
  const continueOnError = parsePrefer(request.headers['prefer']).continueOnError;
  const out: BatchResponseItem[] = [];
  let failed = false;
  for (const item of items) {
    if (item.kind === 'request') {
      try {
        const response = await routeApiRequest(context, user, toApiRequest(context, item.request, new Map()));
        out.push({ kind: 'response', response: toPartResponse(response, item.request.contentId) });
      } catch (error) {
        out.push({ kind: 'response', response: errorResponse(mapError(error), item.request.contentId) });
        failed = true;
      }
    } else {
      const references = new Map<string, string>();
      const plans: PlannedWrite[] = [];
      let planning: BatchPartRequest | undefined;
      try {
        for (const part of item.requests) {
          planning = part;
          const plan = await planWrite(context, user, toApiRequest(context, part, references));
          if (!plan)
            throw new DataverseApiError(
              400,
              DATAVERSE_ERROR_CODES.batchInvalid,
              `Batch part ${part.position}: a change set may only hold creates, updates and deletes of records.`,
            );
          plans.push(plan);
          if (part.contentId !== undefined) references.set(part.contentId, `${plan.set.entitySetName}(${plan.id})`);
        }
        planning = undefined;
        const responses = await applyWrites(context, user, plans, true);
        out.push({ kind: 'changeSet', responses: responses.map((response, index) => toPartResponse(response, item.requests[index].contentId)) });
      } catch (error) {
        // A failed change set answers its one error, naming the request that failed by its
        // Content-ID (Dataverse's layout); nothing of the change set was kept.
        const culprit = error instanceof GroupWriteError ? item.requests[error.index] : planning;
        out.push({ kind: 'response', response: errorResponse(mapError(error instanceof GroupWriteError ? error.error : error), culprit?.contentId) });
        failed = true;
      }
    }
    if (failed && !continueOnError) break;
  }
  const boundary = `batchresponse_${randomUUID()}`;
  return {
    status: failed && !continueOnError ? 400 : 200,
    headers: {
      'Content-Type': `multipart/mixed; boundary=${boundary}`,
      'OData-Version': '4.0',
      ...(continueOnError ? { 'Preference-Applied': 'odata.continue-on-error' } : {}),
    },
    body: serializeBatchResponse(out, boundary, () => `changesetresponse_${randomUUID()}`),
  };
}
