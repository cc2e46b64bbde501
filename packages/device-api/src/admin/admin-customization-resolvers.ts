import type { StoredCustomization } from '@fieldsync/bridge-store';
import { FieldsyncError, type Schema } from '@fieldsync/model';
import { nowIso } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { userError } from '../errors/user-error';
import { diffCustomizations, type CustomizationContent } from '../customization/customization-diff';
import { dryRunPublication } from '../customization/dry-run';
import { DryRunDownloadCounter } from '../customization/dry-run-downloads';
import { checkPublication, type PublishCustomizationInput } from '../customization/publish-input';

function schemaFields(schema: Schema) {
  return (entity: string) => schema.entities.find((candidate) => candidate.name === entity)?.fields.map((field) => field.name) ?? [];
}

function toApi(stored: StoredCustomization, warnings: readonly { path: string; message: string }[] = []) {
  return { ...stored, warnings: warnings.map((warning) => userError(`input.content.${warning.path}`, 'WARNING', warning.message)) };
}

/** Publishing, listing, comparing and dry-running customizations. */
export const adminCustomizationResolvers = {
  Query: {
    async customizations(_: unknown, _args: unknown, ctx: RequestContext) {
      await ctx.admin();
      return (await ctx.services.state.customizations.list()).map((stored) => toApi(stored));
    },
    async publishedCustomization(_: unknown, args: { revision: number }, ctx: RequestContext) {
      await ctx.admin();
      const stored = await ctx.services.state.customizations.get(args.revision);
      return stored ? toApi(stored) : null;
    },
    async customizationDiff(_: unknown, args: { fromRevision: number; toRevision: number }, ctx: RequestContext) {
      await ctx.admin();
      const [from, to] = await Promise.all([ctx.services.state.customizations.get(args.fromRevision), ctx.services.state.customizations.get(args.toRevision)]);
      const missing = !from ? args.fromRevision : !to ? args.toRevision : undefined;
      if (missing !== undefined || !from || !to) {
        throw new FieldsyncError('NOT_FOUND', `no customization revision ${missing}`, { field: !from ? 'fromRevision' : 'toRevision' });
      }
      return diffCustomizations(from.content as CustomizationContent, to.content as CustomizationContent, schemaFields(await ctx.services.backend.schema()));
    },
    async dryRunCustomization(_: unknown, args: { input: PublishCustomizationInput }, ctx: RequestContext) {
      await ctx.admin();
      const schema = await ctx.services.backend.schema();
      const checked = checkPublication(args.input, schema);
      if (!checked.ok) return { diff: null, devices: [], userErrors: checked.userErrors };
      const current = (await ctx.services.state.customizations.list())[0];
      const content: CustomizationContent = checked.customization;
      const counter = new DryRunDownloadCounter(ctx.services, content);
      const devices = (await dryRunPublication(ctx.services, { content, roles: args.input.roles }, schemaFields(schema))).map((device) => ({
        ...device,
        counter,
      }));
      return { diff: diffCustomizations(current?.content as CustomizationContent | undefined, content, schemaFields(schema)), devices, userErrors: [] };
    },
  },
  Mutation: {
    async publishCustomization(_: unknown, args: { input: PublishCustomizationInput }, ctx: RequestContext) {
      const admin = await ctx.admin();
      const checked = checkPublication(args.input, await ctx.services.backend.schema());
      if (!checked.ok) return { customization: null, userErrors: checked.userErrors };
      const { customization } = checked;
      const stored = await ctx.services.state.customizations.publish({
        version: customization.version,
        content: { entities: customization.entities, settings: customization.settings, blobStoreFilter: customization.blobStoreFilter ?? null },
        partHashes: checked.partHashes,
        roles: args.input.roles.map((assignment) => ({ role: assignment.role, priority: assignment.priority })),
        ...(args.input.minAppVersion ? { minAppVersion: args.input.minAppVersion } : {}),
        settingsReadOnly: args.input.settingsReadOnly ?? false,
        ...(args.input.comment ? { comment: args.input.comment } : {}),
        publishedAt: nowIso(ctx.services),
        publishedBy: admin.user.userName,
      });
      ctx.services.log.info(
        { event: 'customization.published', revision: stored.revision, version: stored.version, by: admin.user.userName, roles: stored.roles },
        'customization published',
      );
      return { customization: toApi(stored, checked.warnings), userErrors: [] };
    },
  },
};
