import type { ValidationIssue } from '../errors/validation-issue';
import { describeValue, isJsonObject } from '../schema/validate-json';
import { APP_SETTINGS, defaultAppSettings, type AppSettingDefinition, type AppSettings } from './app-settings';

/** The outcome of {@link resolveAppSettings}. */
export interface ResolvedAppSettings {
  /** Every setting: the given values where valid, defaults elsewhere. Only usable when `issues` is empty. */
  readonly settings: AppSettings;
  /** Unknown names, wrong types, values out of range. */
  readonly issues: ValidationIssue[];
  /** Settings given a non-default value that Fieldsync does not act on (yet). */
  readonly warnings: ValidationIssue[];
}

/**
 * Reads the settings part of a customization (a partial object of setting values; absent means all
 * defaults) into full {@link AppSettings}. Unknown names, wrong types and values out of range are
 * issues; a non-default value for a setting that is not supported (yet) is a warning, never ignored.
 */
export function resolveAppSettings(input: unknown, path = 'settings'): ResolvedAppSettings {
  const settings = defaultAppSettings() as unknown as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  if (input === undefined || input === null) return { settings: settings as unknown as AppSettings, issues, warnings };
  if (!isJsonObject(input)) {
    issues.push({ path, message: `must be an object of setting values, got ${describeValue(input)}` });
    return { settings: settings as unknown as AppSettings, issues, warnings };
  }
  const byName = new Map(APP_SETTINGS.map((setting) => [setting.name as string, setting]));
  for (const [name, value] of Object.entries(input)) {
    const settingPath = `${path}.${name}`;
    const definition = byName.get(name);
    if (!definition) {
      const near = APP_SETTINGS.find((setting) => setting.name.toLowerCase() === name.toLowerCase());
      issues.push({ path: settingPath, message: `unknown setting '${name}'${near ? `; did you mean '${near.name}'?` : ''}` });
      continue;
    }
    const problem = valueProblem(definition, value);
    if (problem) {
      issues.push({ path: settingPath, message: problem });
      continue;
    }
    settings[name] = value;
    if (value !== definition.default && definition.support !== 'supported') {
      const why =
        definition.support === 'not-applicable'
          ? `does not apply to Fieldsync (${definition.takesEffectIn})`
          : `is not supported yet (${definition.takesEffectIn})`;
      warnings.push({ path: settingPath, message: `${name} ${why}; ${String(value)} has no effect, it behaves as ${String(definition.default)}` });
    }
  }
  return { settings: settings as unknown as AppSettings, issues, warnings };
}

function valueProblem(definition: AppSettingDefinition, value: unknown): string | undefined {
  if (definition.type === 'bool') return typeof value === 'boolean' ? undefined : `must be true or false, got ${describeValue(value)}`;
  const min = definition.min ?? Number.MIN_SAFE_INTEGER;
  const max = definition.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    const range = definition.max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
    return `must be a whole number ${range}, got ${describeValue(value)}`;
  }
  return undefined;
}
