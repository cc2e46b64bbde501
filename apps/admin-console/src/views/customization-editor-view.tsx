import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { CheckCustomizationQuery, CustomizationEditorQuery, DryRunCustomizationQuery, PublishCustomizationMutation } from '../api/customization-operations';
import { useOperation } from '../api/use-operation';
import { Link } from '../components/link';
import { ChangesPanel } from '../customization/changes-panel';
import { contentOf, draftOf, issueOf, issuesAt, type Draft, type DraftEntity, type DraftIssue, type DraftRole } from '../customization/draft';
import { DryRunPanel } from '../customization/dry-run-panel';
import { EntityEditor } from '../customization/entity-editor';
import { SettingsEditor } from '../customization/settings-editor';
import { XmlField } from '../customization/xml-field';
import type { CheckCustomizationQuery as CheckResult, DryRunCustomizationQuery as DryRunResult } from '../gql/graphql';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';

/** How long typing pauses before the draft is checked by the bridge. */
const CHECK_DELAY_MS = 300;

/** The entity named by `?entity=` in the URL (a deep link into the editor). */
function entityFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get('entity') ?? undefined;
}

/**
 * The customization editor, opened on a published revision: entities (fields, FetchXML filter checked as
 * it is typed, options), settings, the blob store filter, roles with priorities; the changes against the
 * newest revision, a dry run, then publish.
 */
export function CustomizationEditorView({ session, revision }: { readonly session: AdminSession; readonly revision: number }) {
  const loaded = useOperation(session, CustomizationEditorQuery, { revision });
  const base = loaded.data?.publishedCustomization;
  const [draft, setDraft] = useState<Draft>();
  const [roles, setRoles] = useState<DraftRole[]>([]);
  const [comment, setComment] = useState('');
  const [selected, setSelected] = useState<string | undefined>(entityFromUrl);
  const [check, setCheck] = useState<{ key: string; result: CheckResult['checkCustomization'] }>();
  const [checkError, setCheckError] = useState<string>();
  const [dryRun, setDryRun] = useState<{ key: string; result: DryRunResult['dryRunCustomization'] }>();
  const [message, setMessage] = useState<{ text: string; error: boolean; revision?: number }>();
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState('');

  useEffect(() => {
    if (!base) return;
    setDraft(draftOf(base.draft));
    setRoles(base.roles.map((role) => ({ role: role.role, priority: role.priority })));
  }, [base]);

  const content = useMemo(() => (draft ? contentOf(draft) : undefined), [draft]);
  const contentKey = JSON.stringify(content ?? null);
  const publicationKey = JSON.stringify([content, roles]);
  const [savedKey, setSavedKey] = useState<string>();
  useEffect(
    () => setSavedKey(base ? JSON.stringify([contentOf(draftOf(base.draft)), base.roles.map(({ role, priority }) => ({ role, priority }))]) : undefined),
    [base],
  );
  const dirty = savedKey !== undefined && publicationKey !== savedKey;

  // A draft is kept in the page only: leaving it with unpublished edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    if (!content) return;
    let current = true;
    const timer = setTimeout(() => {
      session.run(CheckCustomizationQuery, { content }).then(
        (answer) => {
          if (!current) return;
          setCheck({ key: contentKey, result: answer.checkCustomization });
          setCheckError(undefined);
        },
        (error: unknown) => current && setCheckError(error instanceof Error ? error.message : String(error)),
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // contentKey stands for content.
  }, [session, contentKey]);

  if (loaded.error)
    return (
      <p role="alert" className="error">
        {loaded.error.message}
      </p>
    );
  if (!loaded.data || (base && !draft)) return <p aria-busy="true">Loading…</p>;
  if (!base || !draft) {
    return (
      <p role="alert">
        No customization revision {revision}. <Link href={hrefOf({ view: 'customizations' })}>Back to the customizations</Link>
      </p>
    );
  }

  const fieldsOf = new Map(loaded.data.crmEntities.map((entity) => [entity.name, entity.fields]));
  const checked = check?.key === contentKey ? check.result : undefined;
  const issues: DraftIssue[] = (dryRun?.key === publicationKey ? dryRun.result.userErrors : (checked?.userErrors ?? [])).map(issueOf);
  const entityIndex = draft.entities.findIndex((entity) => entity.entity === selected);
  const current = entityIndex >= 0 ? draft.entities[entityIndex] : undefined;
  const unused = loaded.data.crmEntities.map((entity) => entity.name).filter((name) => !draft.entities.some((entity) => entity.entity === name));
  const dryRunCurrent = dryRun?.key === publicationKey && dryRun.result.userErrors.length === 0 ? dryRun.result : undefined;
  const valid = checked !== undefined && checked.userErrors.length === 0;
  const input = { content, roles, ...(comment.trim() ? { comment: comment.trim() } : {}) };

  const select = (entity: string | undefined) => {
    setSelected(entity);
    const url = new URL(window.location.href);
    if (entity) url.searchParams.set('entity', entity);
    else url.searchParams.delete('entity');
    window.history.replaceState(null, '', url);
  };
  const updateEntity = (index: number, config: DraftEntity) =>
    setDraft({ ...draft, entities: draft.entities.map((entity, at) => (at === index ? config : entity)) });
  const removeEntity = (index: number) => {
    setDraft({ ...draft, entities: draft.entities.filter((_, at) => at !== index) });
    select(undefined);
  };
  const addEntity = (event: FormEvent) => {
    event.preventDefault();
    if (!adding) return;
    setDraft({ ...draft, entities: [...draft.entities, { entity: adding }] });
    select(adding);
    setAdding('');
  };
  const runDryRun = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const answer = await session.run(DryRunCustomizationQuery, { input });
      setDryRun({ key: publicationKey, result: answer.dryRunCustomization });
      if (answer.dryRunCustomization.userErrors.length > 0) setMessage({ text: 'The dry run found problems; see them in the editor.', error: true });
    } catch (error) {
      setMessage({ text: `Dry run failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const answer = (await session.run(PublishCustomizationMutation, { input })).publishCustomization;
      if (answer.customization) {
        setMessage({ text: `Published revision ${answer.customization.revision}.`, error: false, revision: answer.customization.revision });
        setDryRun(undefined);
        setSavedKey(publicationKey);
      } else {
        setMessage({ text: `Publish refused: ${answer.userErrors.map((error) => error.message).join('; ')}`, error: true });
      }
    } catch (error) {
      setMessage({ text: `Publish failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const otherIssues = issues.filter(
    (issue) => !/^entities\[\d+\]/.test(issue.path) && !issue.path.startsWith('settings') && !issue.path.startsWith('blobStoreFilter'),
  );
  return (
    <article aria-labelledby="editor-title" className="editor">
      <p>
        <Link href={hrefOf({ view: 'customizations' })}>← Customizations</Link>
      </p>
      <div className="title-row">
        <h1 id="editor-title">Edit customization (from revision {revision})</h1>
        <span role="status" className={checked ? (valid ? 'ok' : 'error') : 'muted'} data-check={checked ? (valid ? 'valid' : 'invalid') : 'pending'}>
          {checkError
            ? `Could not check: ${checkError}`
            : !checked
              ? 'Checking…'
              : valid
                ? `Valid${checked.warnings.length > 0 ? `, ${checked.warnings.length} warning(s)` : ''}`
                : `${checked.userErrors.length} problem${checked.userErrors.length === 1 ? '' : 's'}`}
        </span>
      </div>
      {otherIssues.length > 0 && (
        <ul className="issues">
          {otherIssues.map((issue, index) => (
            <li key={index} className="error">
              {issue.path}: {issue.message}
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="entities-title">
        <h2 id="entities-title">Entities</h2>
        <div className="entities-layout">
          <nav aria-label="Entities of the customization" className="entity-nav">
            <ul>
              {draft.entities.map((entity, index) => {
                const count = issuesAt(issues, `entities[${index}]`).length;
                return (
                  <li key={entity.entity}>
                    <button
                      type="button"
                      className={entity.entity === selected ? 'tab selected' : 'tab'}
                      aria-current={entity.entity === selected ? 'true' : undefined}
                      onClick={() => select(entity.entity)}
                    >
                      {entity.entity}
                      {entity.fetchXml?.trim() ? <span className="muted small"> filtered</span> : null}
                      {count > 0 && (
                        <span className="error">
                          {' '}
                          ({count} problem{count === 1 ? '' : 's'})
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ul>
            <form onSubmit={addEntity} className="add-entity">
              <label>
                Add an entity
                <select value={adding} onChange={(event) => setAdding(event.target.value)}>
                  <option value="">Choose…</option>
                  {unused.map((name) => (
                    <option key={name}>{name}</option>
                  ))}
                </select>
              </label>
              <button type="submit" className="secondary" disabled={!adding}>
                Add
              </button>
            </form>
          </nav>
          {current ? (
            <EntityEditor
              key={current.entity}
              config={current}
              fields={fieldsOf.get(current.entity) ?? []}
              issues={issuesAt(issues, `entities[${entityIndex}]`)}
              onChange={(config) => updateEntity(entityIndex, config)}
              onRemove={() => removeEntity(entityIndex)}
            />
          ) : (
            <p className="muted">Choose an entity to edit its fields, filter and options.</p>
          )}
        </div>
      </section>

      <section aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <details open={issuesAt(issues, 'settings').length > 0 || undefined}>
          <summary>
            {loaded.data.customizationSettingDefinitions.length} settings (AppSettings), with their types and ranges
            {issuesAt(issues, 'settings').length > 0 && <span className="error"> — {issuesAt(issues, 'settings').length} problem(s)</span>}
          </summary>
          <SettingsEditor
            definitions={loaded.data.customizationSettingDefinitions}
            values={draft.settings}
            issues={issuesAt(issues, 'settings')}
            onChange={(settings) => setDraft({ ...draft, settings })}
          />
        </details>
      </section>

      <section aria-labelledby="blob-title">
        <h2 id="blob-title">Blob store filter</h2>
        <XmlField
          label="BlobStoreFilter XML (empty: the default filter)"
          value={draft.blobStoreFilter ?? ''}
          onChange={(blobStoreFilter) => setDraft({ ...draft, blobStoreFilter })}
          issues={issuesAt(issues, 'blobStoreFilter')}
          placeholder="<BlobStoreFilter>…</BlobStoreFilter>"
        />
      </section>

      <section aria-labelledby="roles-title">
        <h2 id="roles-title">Roles</h2>
        <p className="muted">A user holding several roles gets the revision of the highest priority.</p>
        <table className="roles">
          <thead>
            <tr>
              <th scope="col">Security role</th>
              <th scope="col">Priority</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {roles.map((role, index) => (
              <tr key={index}>
                <td>
                  <input
                    aria-label={`Role ${index + 1}`}
                    value={role.role}
                    onChange={(event) => setRoles(roles.map((entry, at) => (at === index ? { ...entry, role: event.target.value } : entry)))}
                  />
                  {issuesAt(issues, `roles[${index}]`).map((issue, at) => (
                    <div key={at} className="error small">
                      {issue.message}
                    </div>
                  ))}
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={1_000_000}
                    step={1}
                    aria-label={`Priority of role ${index + 1}`}
                    value={role.priority}
                    onChange={(event) => setRoles(roles.map((entry, at) => (at === index ? { ...entry, priority: Number(event.target.value) } : entry)))}
                  />
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => setRoles(roles.filter((_, at) => at !== index))}>
                    Remove role {index + 1}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="secondary" onClick={() => setRoles([...roles, { role: '', priority: 10 }])}>
          Add role
        </button>
        {issuesAt(issues, 'roles')
          .filter((issue) => issue.path === 'roles')
          .map((issue, index) => (
            <p key={index} className="error">
              {issue.message}
            </p>
          ))}
      </section>

      <section aria-labelledby="changes-title">
        <h2 id="changes-title">Changes</h2>
        {checked?.changes ? (
          <ChangesPanel changes={checked.changes} againstRevision={checked.againstRevision} />
        ) : (
          <p className="muted">{checked ? 'Fix the problems to see the changes.' : 'Checking…'}</p>
        )}
      </section>

      <section aria-labelledby="publish-title" className="publish">
        <h2 id="publish-title">Dry run and publish</h2>
        <label>
          Comment (what changed, for the history)
          <input value={comment} onChange={(event) => setComment(event.target.value)} maxLength={2000} />
        </label>
        <div className="action-row">
          <button type="button" disabled={busy || !valid} onClick={() => void runDryRun()}>
            Dry run
          </button>
          <button type="button" disabled={busy || !valid || !dryRunCurrent} onClick={() => void publish()} title="Run the dry run of this draft first">
            Publish
          </button>
        </div>
        {message && (
          <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
            {message.text} {message.revision && <Link href={hrefOf({ view: 'customizations' })}>See the revisions</Link>}
          </p>
        )}
        {dryRunCurrent && <DryRunPanel devices={dryRunCurrent.devices} />}
      </section>
    </article>
  );
}
