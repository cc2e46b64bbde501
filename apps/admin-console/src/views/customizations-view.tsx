import { useState } from 'react';
import { CustomizationRevisionsQuery, RollbackCustomizationMutation } from '../api/customization-operations';
import { useOperation } from '../api/use-operation';
import { Age } from '../components/age';
import { Link } from '../components/link';
import { hrefOf } from '../routing/route';
import type { AdminSession } from '../session/admin-session';

/** The published revisions, newest first: open one in the editor, or roll back to it (it is published again as the newest). */
export function CustomizationsView({ session }: { readonly session: AdminSession }) {
  const revisions = useOperation(session, CustomizationRevisionsQuery, {});
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const now = Date.now();
  const rollback = async (revision: number) => {
    setMessage(undefined);
    try {
      const answer = (await session.run(RollbackCustomizationMutation, { revision })).rollbackCustomization;
      setMessage(
        answer.customization
          ? { text: `Rolled back to revision ${revision}: published as revision ${answer.customization.revision}.`, error: false }
          : { text: `Rollback refused: ${answer.userErrors[0]?.message ?? 'unknown reason'}`, error: true },
      );
    } catch (error) {
      setMessage({ text: `Rollback failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
    }
    revisions.reload();
  };
  if (revisions.error)
    return (
      <p role="alert" className="error">
        {revisions.error.message}
      </p>
    );
  const list = revisions.data?.customizations;
  return (
    <article aria-labelledby="customizations-title">
      <div className="title-row">
        <h1 id="customizations-title">Customizations</h1>
        {list && list[0] && (
          <Link href={hrefOf({ view: 'customization', revision: list[0].revision })} className="button">
            Edit the newest revision
          </Link>
        )}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {!list ? (
        <p aria-busy="true">Loading…</p>
      ) : list.length === 0 ? (
        <p>No customization is published yet.</p>
      ) : (
        <table className="revisions">
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Published</th>
              <th scope="col">By</th>
              <th scope="col">Roles (priority)</th>
              <th scope="col">Comment</th>
              <th scope="col">Version</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((revision, index) => (
              <tr key={revision.revision} data-revision={revision.revision}>
                <td>
                  <Link href={hrefOf({ view: 'customization', revision: revision.revision })}>Revision {revision.revision}</Link>
                  {index === 0 && <span className="badge badge-ok"> newest</span>}
                </td>
                <td>
                  <Age iso={revision.publishedAt} now={now} />
                </td>
                <td>{revision.publishedBy}</td>
                <td>{revision.roles.map((role) => `${role.role} (${role.priority})`).join(', ')}</td>
                <td>{revision.comment ?? ''}</td>
                <td>
                  <code title={revision.version}>{revision.version.slice(0, 10)}</code>
                </td>
                <td>
                  {index > 0 && (
                    <button type="button" className="secondary" onClick={() => void rollback(revision.revision)}>
                      Roll back to revision {revision.revision}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
