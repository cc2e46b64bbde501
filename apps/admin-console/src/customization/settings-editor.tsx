import type { CustomizationEditorQuery } from '../gql/graphql';
import { issuesAt, type DraftIssue } from './draft';

type Definition = CustomizationEditorQuery['customizationSettingDefinitions'][number];

/** The customization's settings from the AppSettings catalogue: a checkbox per bool, a number within its range per int. */
export function SettingsEditor({
  definitions,
  values,
  issues,
  onChange,
}: {
  readonly definitions: readonly Definition[];
  readonly values: Readonly<Record<string, unknown>>;
  readonly issues: readonly DraftIssue[];
  readonly onChange: (values: Record<string, unknown>) => void;
}) {
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  return (
    <table className="settings">
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {definitions.map((definition) => {
          const value = values[definition.name] ?? definition.default;
          const problems = issuesAt(issues, `settings.${definition.name}`);
          const range = definition.type === 'int' ? `${definition.min ?? '…'} to ${definition.max ?? 'no limit'}` : '';
          return (
            <tr key={definition.name} data-setting={definition.name}>
              <th scope="row">
                {definition.name}
                {definition.support !== 'supported' && <span className="muted"> ({definition.support})</span>}
              </th>
              <td>
                {definition.type === 'bool' ? (
                  <input
                    type="checkbox"
                    aria-label={definition.name}
                    checked={value === true}
                    onChange={(event) => set(definition.name, event.target.checked)}
                  />
                ) : (
                  <input
                    type="number"
                    aria-label={definition.name}
                    step={1}
                    min={definition.min ?? undefined}
                    max={definition.max ?? undefined}
                    value={typeof value === 'number' ? value : ''}
                    aria-invalid={problems.length > 0}
                    onChange={(event) => set(definition.name, event.target.value === '' ? definition.default : Number(event.target.value))}
                  />
                )}
                {range && <div className="muted small">{range}</div>}
                {problems.map((problem, index) => (
                  <div key={index} className="error small">
                    {problem.message}
                  </div>
                ))}
              </td>
              <td className="muted small">{definition.description}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
