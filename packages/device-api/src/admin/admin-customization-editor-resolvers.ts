import { validateCustomizationWithBlobFilter } from '@fieldsync/blob-filters';
import { APP_SETTINGS, FieldsyncError, type Schema } from '@fieldsync/model';
import { nowIso } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { customizationChanges } from '../customization/customization-changes';
import type { CustomizationContent } from '../customization/customization-diff';
import { customizationDraft } from '../customization/customization-draft';
import type { DeviceDryRun } from '../customization/dry-run';
import type { DryRunDownloadCounter } from '../customization/dry-run-downloads';
import { userError } from '../errors/user-error';

function schemaFields(schema: Schema) {
  return (entity: string) => schema.entities.find((candidate) => candidate.name === entity)?.fields.map((field) => field.name) ?? [];
}

/** A dry-run device as the dry-run resolver returns it, with the counter of its downloads. */
type CountedDryRun = DeviceDryRun & { readonly counter?: DryRunDownloadCounter };

/** Checking drafts, the settings catalogue and CRM entities for the editor, record counts in the dry run, rollback. */
export const adminCustomizationEditorResolvers = {
  Query: {
    async checkCustomization(_: unknown, args: { content: unknown; againstRevision?: number | null }, ctx: RequestContext) {
      await ctx.admin();
      const schema = await ctx.services.backend.schema();
      const against =
        args.againstRevision !== undefined && args.againstRevision !== null
          ? await ctx.services.state.customizations.get(args.againstRevision)
          : (await ctx.services.state.customizations.list())[0];
      if (args.againstRevision !== undefined && args.againstRevision !== null && !against) {
        throw new FieldsyncError('NOT_FOUND', `no customization revision ${args.againstRevision}`, { field: 'againstRevision' });
      }
      const validation = validateCustomizationWithBlobFilter(args.content, schema);
      const toUserError = (code: string) => (issue: { path: string; message: string; line?: number; column?: number }) =>
        userError(`content.${issue.path}`, code, issue.message, issue);
      return {
        userErrors: validation.issues.map(toUserError('INVALID_CUSTOMIZATION')),
        warnings: validation.warnings.map(toUserError('WARNING')),
        againstRevision: against?.revision ?? null,
        changes: validation.customization
          ? customizationChanges(against?.content as CustomizationContent | undefined, validation.customization, schemaFields(schema))
          : null,
      };
    },
    async customizationSettingDefinitions(_: unknown, _args: unknown, ctx: RequestContext) {
      await ctx.admin();
      return APP_SETTINGS.map((setting) => ({ ...setting, min: setting.min ?? null, max: setting.max ?? null }));
    },
    async crmEntities(_: unknown, _args: unknown, ctx: RequestContext) {
      await ctx.admin();
      const schema = await ctx.services.backend.schema();
      return schema.entities.map((entity) => ({ name: entity.name, fields: entity.fields.map((field) => field.name) }));
    },
  },
  Mutation: {
    async rollbackCustomization(_: unknown, args: { revision: number; comment?: string | null }, ctx: RequestContext) {
      const admin = await ctx.admin();
      const target = await ctx.services.state.customizations.get(args.revision);
      if (!target) return { customization: null, userErrors: [userError('revision', 'NOT_FOUND', `no customization revision ${args.revision}`)] };
      if (args.comment && args.comment.length > 2000) {
        return { customization: null, userErrors: [userError('comment', 'TOO_LONG', 'the comment is longer than 2,000 characters')] };
      }
      const { revision: _revision, ...copy } = target;
      const stored = await ctx.services.state.customizations.publish({
        ...copy,
        comment: args.comment || `rollback to revision ${target.revision}`,
        publishedAt: nowIso(ctx.services),
        publishedBy: admin.user.userName,
      });
      ctx.services.log.info(
        { event: 'customization.rolledBack', revision: stored.revision, to: target.revision, by: admin.user.userName },
        'customization rolled back',
      );
      return { customization: { ...stored, warnings: [] }, userErrors: [] };
    },
  },
  Customization: {
    draft(parent: { content: unknown }) {
      return customizationDraft(parent.content);
    },
  },
  DryRunDevice: {
    async downloads(parent: CountedDryRun) {
      return parent.counter ? parent.counter.downloads(parent.device.userId, parent.entities) : [];
    },
  },
};
