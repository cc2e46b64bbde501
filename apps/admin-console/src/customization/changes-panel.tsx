import type { CheckCustomizationQuery } from '../gql/graphql';

type Changes = NonNullable<CheckCustomizationQuery['checkCustomization']['changes']>;

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** Two texts side by side, lines only on one side marked. */
function TextDiff({ before, after }: { readonly before?: string | null; readonly after?: string | null }) {
  const old = (before ?? '').split('\n');
  const next = (after ?? '').split('\n');
  return (
    <div className="text-diff">
      <pre aria-label="before">
        {before ? old.map((line, index) => <span key={index} className={next.includes(line) ? undefined : 'del'}>{`${line}\n`}</span>) : '(none)'}
      </pre>
      <pre aria-label="after">
        {after ? next.map((line, index) => <span key={index} className={old.includes(line) ? undefined : 'ins'}>{`${line}\n`}</span>) : '(none)'}
      </pre>
    </div>
  );
}

/** The draft against the published revision: entities, fields, filters, options, settings and the blob store filter, added, removed or changed. */
export function ChangesPanel({ changes, againstRevision }: { readonly changes: Changes; readonly againstRevision: number | null | undefined }) {
  const against = againstRevision ? `revision ${againstRevision}` : 'nothing published yet';
  if (changes.empty) return <p className="muted">No change against {against}.</p>;
  return (
    <div className="changes">
      <p className="muted">Against {against}:</p>
      <ul>
        {changes.entities.map((entity) => (
          <li key={entity.entity} data-change={entity.change}>
            <span className={`badge change-${entity.change}`}>{entity.change}</span> <strong>{entity.entity}</strong>
            {entity.change === 'changed' && (
              <ul>
                {entity.fieldsAdded.length > 0 && <li>fields added: {entity.fieldsAdded.join(', ')}</li>}
                {entity.fieldsRemoved.length > 0 && <li>fields removed: {entity.fieldsRemoved.join(', ')}</li>}
                {entity.options.map((option) => (
                  <li key={option.name}>
                    {option.name}: {show(option.before)} → {show(option.after)}
                  </li>
                ))}
                {entity.filter && (
                  <li>
                    sync filter changed
                    <TextDiff before={entity.filter.before} after={entity.filter.after} />
                  </li>
                )}
              </ul>
            )}
          </li>
        ))}
        {changes.settings.map((setting) => (
          <li key={setting.name} data-change={setting.change}>
            <span className={`badge change-${setting.change}`}>{setting.change}</span> setting <strong>{setting.name}</strong>: {show(setting.before)} →{' '}
            {show(setting.after)}
          </li>
        ))}
        {changes.blobStoreFilter && (
          <li data-change="changed">
            <span className="badge change-changed">changed</span> <strong>blob store filter</strong>
            <TextDiff before={changes.blobStoreFilter.before} after={changes.blobStoreFilter.after} />
          </li>
        )}
      </ul>
    </div>
  );
}
