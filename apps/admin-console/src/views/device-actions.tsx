import { useState, type FormEvent } from 'react';
import { CustomizationEntitiesQuery, ForceFullSyncMutation, LockDeviceMutation, UnlockDeviceMutation, WipeDeviceMutation } from '../api/operations';
import { useOperation } from '../api/use-operation';
import type { DeviceState } from '../gql/graphql';
import type { AdminSession } from '../session/admin-session';
import { entitiesOf } from './entities-of';

/** A command mutation's answer, as far as the actions read it. */
type CommandAnswer = { readonly command?: { readonly kind: string } | null; readonly userErrors: readonly { readonly message: string }[] };

/**
 * The admin's orders for one device: lock or unlock, wipe (after typing the device's name), and a
 * forced full sync of the entities chosen (all when none), with or without discarding local changes.
 */
export function DeviceActions({
  session,
  deviceId,
  deviceName,
  state,
  onIssued,
}: {
  readonly session: AdminSession;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly state: DeviceState;
  readonly onIssued: () => void;
}) {
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [wipeConfirmation, setWipeConfirmation] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [discard, setDiscard] = useState(false);
  const customizations = useOperation(session, CustomizationEntitiesQuery, {});
  const entities = [...new Set((customizations.data?.customizations ?? []).flatMap((customization) => entitiesOf(customization.content)))].sort();

  const issue = async (label: string, order: () => Promise<CommandAnswer>) => {
    setMessage(undefined);
    try {
      const answer = await order();
      const problem = answer.userErrors[0];
      setMessage(
        problem
          ? { text: `${label} refused: ${problem.message}`, error: true }
          : { text: `${label} ordered; the device carries it out at its next contact.`, error: false },
      );
    } catch (error) {
      setMessage({ text: `${label} failed: ${error instanceof Error ? error.message : String(error)}`, error: true });
    }
    onIssued();
  };
  const wipe = (event: FormEvent) => {
    event.preventDefault();
    if (wipeConfirmation !== deviceName) return;
    setWipeConfirmation('');
    void issue('Wipe', async () => (await session.run(WipeDeviceMutation, { deviceId })).wipeDevice);
  };
  const forceFullSync = (event: FormEvent) => {
    event.preventDefault();
    const named = [...chosen];
    void issue(
      'Full sync',
      async () =>
        (await session.run(ForceFullSyncMutation, { deviceId, entities: named.length > 0 ? named : null, discardLocalChanges: discard })).forceFullSync,
    );
  };
  const toggle = (entity: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (!next.delete(entity)) next.add(entity);
      return next;
    });

  return (
    <section aria-labelledby="actions-title" className="actions">
      <h2 id="actions-title">Actions</h2>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      <div className="action-row">
        {state === 'locked' ? (
          <button type="button" onClick={() => void issue('Unlock', async () => (await session.run(UnlockDeviceMutation, { deviceId })).unlockDevice)}>
            Unlock
          </button>
        ) : (
          <button
            type="button"
            disabled={state === 'wiped'}
            onClick={() => void issue('Lock', async () => (await session.run(LockDeviceMutation, { deviceId })).lockDevice)}
          >
            Lock
          </button>
        )}
      </div>
      <form onSubmit={forceFullSync} className="action-form">
        <fieldset disabled={state === 'wiped'}>
          <legend>Forced full sync</legend>
          <p className="muted">Choose entities, or none for all of them.</p>
          <div className="entity-list">
            {entities.map((entity) => (
              <label key={entity} className="check">
                <input type="checkbox" checked={chosen.has(entity)} onChange={() => toggle(entity)} /> {entity}
              </label>
            ))}
          </div>
          <label className="check">
            <input type="checkbox" checked={discard} onChange={(event) => setDiscard(event.target.checked)} /> Discard local changes not yet uploaded
          </label>
          <button type="submit">Force full sync{chosen.size > 0 ? ` of ${chosen.size} entit${chosen.size === 1 ? 'y' : 'ies'}` : ''}</button>
        </fieldset>
      </form>
      <form onSubmit={wipe} className="action-form danger">
        <fieldset disabled={state === 'wiped'}>
          <legend>Wipe</legend>
          <p>
            Erases the device's data and login at its next contact; its tokens stop working at once. Type the device name <strong>{deviceName}</strong> to
            confirm.
          </p>
          <label>
            Device name
            <input
              value={wipeConfirmation}
              onChange={(event) => setWipeConfirmation(event.target.value)}
              aria-label="Type the device name to confirm the wipe"
            />
          </label>
          <button type="submit" className="danger" disabled={wipeConfirmation !== deviceName}>
            Wipe device
          </button>
        </fieldset>
      </form>
    </section>
  );
}
