import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BridgeSettingsQuery, UpdateSettingsMutation } from '../api/settings-operations';
import { useOperation } from '../api/use-operation';
import type { BridgeSettingsQuery as SettingsData } from '../gql/graphql';
import type { AdminSession } from '../session/admin-session';
import { checkSettingDraft, settingErrorsByName, settingInputOf } from '../settings/setting-draft';

type Setting = SettingsData['settings'][number];

const textOf = (value: unknown) => (typeof value === 'number' ? String(value) : '');

/**
 * The bridge's run-time settings as a form: each value is checked as it is typed (an integer within the
 * bounds the bridge gives), and Save sends the changed ones to the bridge, which changes all or none;
 * its refusals appear beside their fields and the typed values stay.
 */
export function SettingsView({ session }: { readonly session: AdminSession }) {
  const loaded = useOperation(session, BridgeSettingsQuery, {});
  const [settings, setSettings] = useState<readonly Setting[]>();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setSettings(loaded.data.settings);
    setDrafts(Object.fromEntries(loaded.data.settings.map((setting) => [setting.name, textOf(setting.value)])));
  }, [loaded.data]);

  if (loaded.error)
    return (
      <p role="alert" className="error">
        {loaded.error.message}
      </p>
    );
  if (!settings) return <p aria-busy="true">Loading…</p>;

  const changed = settings.filter((setting) => drafts[setting.name] !== textOf(setting.value));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    if (changed.length === 0) {
      setMessage({ text: 'Nothing changed.', error: false });
      return;
    }
    setSaving(true);
    const sent = changed.map((setting) => setting.name);
    try {
      const answer = (
        await session.run(UpdateSettingsMutation, { settings: changed.map((setting) => ({ name: setting.name, value: settingInputOf(drafts[setting.name]) })) })
      ).updateSettings;
      if (answer.userErrors.length > 0) {
        const byName = settingErrorsByName(answer.userErrors, sent);
        setRefused(byName);
        setMessage({
          text: `Nothing was saved: ${answer.userErrors.length === 1 ? 'one value was' : `${answer.userErrors.length} values were`} refused.`,
          error: true,
        });
        // The keyboard lands on the first field the bridge refused.
        const first = settings.find((setting) => byName[setting.name]);
        if (first) form.current?.querySelector<HTMLInputElement>(`#setting-${first.name}`)?.focus();
      } else {
        setRefused({});
        setSettings(answer.settings);
        setDrafts(Object.fromEntries(answer.settings.map((setting) => [setting.name, textOf(setting.value)])));
        setMessage({ text: `Saved ${sent.join(', ')}.`, error: false });
      }
    } catch (error) {
      setMessage({ text: `Saving failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <article aria-labelledby="settings-title">
      <div className="title-row">
        <h1 id="settings-title">Bridge settings</h1>
      </div>
      <p className="muted">
        These apply to the whole bridge at once, without a restart (other bridge processes within a few seconds). The bridge saves all the changes or none.
      </p>
      <form ref={form} className="bridge-settings" noValidate onSubmit={(event) => void save(event)}>
        {settings.map((setting) => {
          const draft = drafts[setting.name] ?? '';
          const problem = refused[setting.name] ?? checkSettingDraft(draft, setting);
          const hintId = `setting-${setting.name}-hint`;
          const errorId = `setting-${setting.name}-error`;
          return (
            <div key={setting.name} className="setting-field" data-setting={setting.name}>
              <label htmlFor={`setting-${setting.name}`}>{setting.name}</label>
              <input
                id={`setting-${setting.name}`}
                type="number"
                inputMode="numeric"
                step={1}
                min={setting.min}
                max={setting.max}
                value={draft}
                aria-invalid={problem !== undefined}
                aria-describedby={problem !== undefined ? `${errorId} ${hintId}` : hintId}
                onChange={(event) => {
                  setDrafts((previous) => ({ ...previous, [setting.name]: event.target.value }));
                  setRefused((previous) => {
                    const next = { ...previous };
                    delete next[setting.name];
                    return next;
                  });
                }}
              />
              {draft !== textOf(setting.value) && <span className="badge badge-pending">changed</span>}
              <p id={hintId} className="muted small">
                {setting.description}. From {setting.min} to {setting.max}; default {setting.defaultValue}.
              </p>
              {problem !== undefined && (
                <p id={errorId} className="error small">
                  {problem}
                </p>
              )}
            </div>
          );
        })}
        {refused[''] && (
          <p role="alert" className="error">
            {refused['']}
          </p>
        )}
        <div className="action-row">
          <button type="submit" disabled={saving}>
            Save
          </button>
          <button
            type="button"
            className="secondary"
            disabled={changed.length === 0}
            onClick={() => {
              setDrafts(Object.fromEntries(settings.map((setting) => [setting.name, textOf(setting.value)])));
              setRefused({});
              setMessage(undefined);
            }}
          >
            Undo changes
          </button>
        </div>
        {message && (
          <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
            {message.text}
          </p>
        )}
      </form>
    </article>
  );
}
