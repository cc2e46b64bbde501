import { nowIso } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { userError, type UserError } from '../errors/user-error';
import { BRIDGE_SETTINGS, resolveBridgeSettings } from '../settings/bridge-settings';

async function currentSettings(ctx: RequestContext) {
  const values = resolveBridgeSettings(await ctx.services.state.settings.all()) as unknown as Record<string, number>;
  return BRIDGE_SETTINGS.map((definition) => ({
    name: definition.name,
    value: values[definition.name],
    description: definition.description,
    defaultValue: definition.defaultValue,
    min: definition.min,
    max: definition.max,
  }));
}

/** Reading and changing the bridge's settings. */
export const adminSettingsResolvers = {
  Query: {
    async settings(_: unknown, _args: unknown, ctx: RequestContext) {
      await ctx.admin();
      return currentSettings(ctx);
    },
  },
  Mutation: {
    async updateSettings(_: unknown, args: { settings: { name: string; value: unknown }[] }, ctx: RequestContext) {
      await ctx.admin();
      const problems: UserError[] = [];
      const values: Record<string, unknown> = {};
      args.settings.forEach((setting, index) => {
        const definition = BRIDGE_SETTINGS.find((candidate) => candidate.name === setting.name);
        if (!definition) {
          problems.push(
            userError(
              `settings[${index}].name`,
              'UNKNOWN_SETTING',
              `no setting '${setting.name}'; known: ${BRIDGE_SETTINGS.map((known) => known.name).join(', ')}`,
            ),
          );
          return;
        }
        const value = setting.value;
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          problems.push(
            userError(
              `settings[${index}].value`,
              'NOT_AN_INTEGER',
              `${setting.name} must be an integer from ${definition.min} to ${definition.max}, not ${JSON.stringify(value)}`,
            ),
          );
          return;
        }
        if (value < definition.min || value > definition.max) {
          problems.push(
            userError(`settings[${index}].value`, 'OUT_OF_RANGE', `${setting.name} must be an integer from ${definition.min} to ${definition.max}`),
          );
          return;
        }
        values[setting.name] = value;
      });
      if (problems.length > 0) return { settings: await currentSettings(ctx), userErrors: problems };
      await ctx.services.state.settings.set(values, nowIso(ctx.services));
      ctx.services.settingsCache?.invalidate();
      return { settings: await currentSettings(ctx), userErrors: [] };
    },
  },
};
