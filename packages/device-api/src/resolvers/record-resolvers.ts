import type { RecordPage, WriteOperation } from '@fieldsync/connector-api';
import { assertFilterDepth, FieldsyncError, toAnchor, type FilterNode } from '@fieldsync/model';
import type { RequestContext } from '../context/request-context';
import { toRecordTable } from './record-table';
import { validateWriteOperations } from './validate-write-operations';

/** The most records one page may carry, whatever a device asks. */
export const PAGE_CAP = 5_000;

function filterOf(value: unknown, field: string): FilterNode | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new FieldsyncError('BAD_USER_INPUT', `${field} must be a filter object`, { field });
  // First, before the read-ahead key or a connector walks it recursively.
  assertFilterDepth(value, field);
  return value as FilterNode;
}

function anchorOf(value: string | null | undefined, field: string) {
  if (value === null || value === undefined) return undefined;
  if (value === '' || value.length > 4096) throw new FieldsyncError('BAD_USER_INPUT', `${field} must be an anchor from an earlier answer`, { field });
  return toAnchor(value);
}

function pageSizeOf(value: number, cap: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new FieldsyncError('BAD_USER_INPUT', `${field} must be a positive integer`, { field });
  return Math.min(value, cap, PAGE_CAP);
}

/** The CRM reads and writes of a device: each runs as the signed-in user through the backend's connector. */
export const recordResolvers = {
  Query: {
    async whoAmI(_: unknown, _args: unknown, ctx: RequestContext) {
      return (await ctx.connector()).whoAmI();
    },
    async capabilities(_: unknown, _args: unknown, ctx: RequestContext) {
      await ctx.callerEvenIfWiped();
      const settings = await ctx.settings();
      const capabilities = ctx.services.backend.capabilities;
      return { ...capabilities, idFormat: capabilities.idFormat ?? 'token', maxPageSize: Math.min(capabilities.maxPageSize, settings.maxPageSize, PAGE_CAP) };
    },
    async describe(_: unknown, args: { entities?: string[] | null }, ctx: RequestContext) {
      return (await ctx.connector()).describe(args.entities ?? undefined);
    },
    async permissions(_: unknown, _args: unknown, ctx: RequestContext) {
      return (await ctx.connector()).permissions();
    },
    async count(_: unknown, args: { entity: string; filter?: unknown; since?: string | null }, ctx: RequestContext) {
      const filter = filterOf(args.filter, 'filter');
      const since = anchorOf(args.since, 'since');
      return (await ctx.connector()).count({ entity: args.entity, ...(filter ? { filter } : {}), ...(since ? { since } : {}) });
    },
    async readPage(
      _: unknown,
      args: { entity: string; anchor?: string | null; fields?: string[] | null; filter?: unknown; pageSize: number },
      ctx: RequestContext,
    ) {
      const settings = await ctx.settings();
      const filter = filterOf(args.filter, 'filter');
      const anchor = anchorOf(args.anchor, 'anchor');
      const pageSize = pageSizeOf(args.pageSize, settings.maxPageSize, 'pageSize');
      const connector = await ctx.connector();
      const request = {
        entity: args.entity,
        pageSize,
        ...(anchor ? { anchor } : {}),
        ...(filter ? { filter } : {}),
        ...(args.fields ? { fields: args.fields } : {}),
      };
      const readAhead = ctx.services.readAhead;
      if (!readAhead) return connector.readPage(request);
      return readAhead.read((await ctx.caller()).userId, request, (next) => connector.readPage(next));
    },
    async readDeletes(_: unknown, args: { entity: string; since: string; cursor?: string | null; pageSize?: number | null }, ctx: RequestContext) {
      const settings = await ctx.settings();
      const since = anchorOf(args.since, 'since');
      if (!since) throw new FieldsyncError('BAD_USER_INPUT', 'since must be an anchor', { field: 'since' });
      const pageSize = args.pageSize === null || args.pageSize === undefined ? undefined : pageSizeOf(args.pageSize, settings.maxPageSize, 'pageSize');
      return (await ctx.connector()).readDeletes({
        entity: args.entity,
        since,
        ...(args.cursor ? { cursor: args.cursor } : {}),
        ...(pageSize ? { pageSize } : {}),
      });
    },
    async sharingChanges(_: unknown, args: { entity: string; since: string; filter?: unknown; fields?: string[] | null }, ctx: RequestContext) {
      const connector = await ctx.connector();
      if (!connector.readSharingChanges)
        throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'this CRM does not report sharing changes', { capability: 'sharedRecords' });
      const since = anchorOf(args.since, 'since');
      if (!since) throw new FieldsyncError('BAD_USER_INPUT', 'since must be an anchor', { field: 'since' });
      const filter = filterOf(args.filter, 'filter');
      return connector.readSharingChanges({ entity: args.entity, since, ...(filter ? { filter } : {}), ...(args.fields ? { fields: args.fields } : {}) });
    },
    async apiUsage(_: unknown, _args: unknown, ctx: RequestContext) {
      return (await ctx.connector()).apiUsage();
    },
  },
  RecordPage: {
    table: (page: RecordPage) => toRecordTable(page.records),
  },
  Mutation: {
    async writeBatch(_: unknown, args: { operations: unknown; allOrNone?: boolean | null }, ctx: RequestContext) {
      const connector = await ctx.connector();
      const operations: WriteOperation[] = validateWriteOperations(args.operations, 'operations', ctx.services.backend.capabilities.idFormat);
      return connector.writeBatch({ operations, ...(args.allOrNone ? { allOrNone: true } : {}) });
    },
  },
};
