/** A run-time setting as the admin API describes it: an integer with a default and bounds. */
export interface SettingBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/** A userError of `updateSettings`, whose field names the input by its index (`settings[2].value`). */
export interface SettingsUserError {
  readonly field?: string | null;
  readonly code: string;
  readonly message: string;
}

/**
 * The value to send for what the admin typed: the number when the text is one, otherwise the text
 * itself, so that the bridge (the only judge) answers with its typed error rather than the console
 * guessing.
 */
export function settingInputOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
}

/** What is wrong with `text` for `setting` as the bridge checks it (an integer within the bounds), or undefined; shown while typing. */
export function checkSettingDraft(text: string, setting: SettingBounds): string | undefined {
  const value = settingInputOf(text);
  if (typeof value === 'number' && Number.isInteger(value) && value >= setting.min && value <= setting.max) return undefined;
  return `${setting.name} must be an integer from ${setting.min} to ${setting.max}`;
}

/** The bridge's userErrors by setting name, from the names sent in order; errors naming no input go under `''`. */
export function settingErrorsByName(errors: readonly SettingsUserError[], sent: readonly string[]): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const error of errors) {
    const index = /^settings\[(\d+)\]/.exec(error.field ?? '');
    const name = index ? (sent[Number(index[1])] ?? '') : '';
    byName[name] = byName[name] ? `${byName[name]}; ${error.message}` : error.message;
  }
  return byName;
}
