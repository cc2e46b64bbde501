import { placeOf, type DraftEntity, type DraftIssue } from './draft';
import { XmlField } from './xml-field';

const POLICIES = ['FieldMerge', 'ServerWins', 'ClientWins', 'Manual'];

/**
 * One entity of the draft: its fields (all, or those ticked), its sync filter as FetchXML validated as
 * it is typed, its conflict policy and page size. `issues` are the draft's issues under this entity.
 */
export function EntityEditor({
  config,
  fields,
  issues,
  onChange,
  onRemove,
}: {
  readonly config: DraftEntity;
  /** The entity's fields in the CRM, primary key first. */
  readonly fields: readonly string[];
  readonly issues: readonly DraftIssue[];
  readonly onChange: (config: DraftEntity) => void;
  readonly onRemove: () => void;
}) {
  const all = config.fields === undefined || config.fields === 'all';
  const chosen = new Set(all ? fields : (config.fields as readonly string[]));
  const toggle = (field: string) => {
    const next = fields.filter((candidate) => (candidate === field ? !chosen.has(field) : chosen.has(candidate)));
    onChange({ ...config, fields: next });
  };
  const fetchIssues = issues.filter((issue) => issue.path.endsWith('.fetchXml') || issue.path.includes('.filter'));
  const otherIssues = issues.filter((issue) => !fetchIssues.includes(issue));
  const heading = `entity-${config.entity}`;
  return (
    <section className="entity-editor" aria-labelledby={heading} data-entity={config.entity}>
      <div className="title-row">
        <h3 id={heading}>{config.entity}</h3>
        <button type="button" className="secondary" onClick={onRemove}>
          Remove {config.entity}
        </button>
      </div>
      {otherIssues.length > 0 && (
        <ul className="issues">
          {otherIssues.map((issue, index) => (
            <li key={index} className="error">
              {placeOf(issue)}: {issue.message}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="fields">
        <legend>Fields of {config.entity}</legend>
        <label className="check">
          <input type="checkbox" checked={all} onChange={(event) => onChange({ ...config, fields: event.target.checked ? 'all' : [...fields] })} /> All fields
        </label>
        {!all && (
          <div className="entity-list">
            {fields.map((field, index) => (
              <label key={field} className="check">
                <input type="checkbox" checked={chosen.has(field)} disabled={index === 0} onChange={() => toggle(field)} /> {field}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <XmlField
        label={`Sync filter of ${config.entity} (FetchXML; empty: every record the user may read)`}
        value={config.fetchXml ?? ''}
        onChange={(fetchXml) => onChange({ ...config, fetchXml })}
        issues={fetchIssues}
        placeholder={`<fetch>\n  <entity name="${config.entity}">\n    <filter>…</filter>\n  </entity>\n</fetch>`}
      />
      <div className="options">
        <label>
          Conflict policy
          <select value={config.conflictPolicy ?? 'FieldMerge'} onChange={(event) => onChange({ ...config, conflictPolicy: event.target.value })}>
            {POLICIES.map((policy) => (
              <option key={policy}>{policy}</option>
            ))}
          </select>
        </label>
        <label>
          Page size (empty: by kind)
          <input
            type="number"
            min={1}
            max={5000}
            value={config.pageSize ?? ''}
            onChange={(event) => {
              const { pageSize: _old, ...rest } = config;
              onChange(event.target.value === '' ? rest : { ...rest, pageSize: Number(event.target.value) });
            }}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={config.uploadOnly === true} onChange={(event) => onChange({ ...config, uploadOnly: event.target.checked })} /> Upload
          only
        </label>
        <label className="check">
          <input type="checkbox" checked={config.attachments === true} onChange={(event) => onChange({ ...config, attachments: event.target.checked })} />{' '}
          Attachments
        </label>
      </div>
    </section>
  );
}
