import { useState, type FormEvent } from 'react';
import { AdminSession } from '../session/admin-session';

/** The sign-in form: a CRM user with the bridge's admin role, signed in without a device. */
export function SignInView({ onSignedIn, onEnded }: { readonly onSignedIn: (session: AdminSession) => void; readonly onEnded: () => void }) {
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await AdminSession.signIn(userName, password, onEnded));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Fieldsync admin console</h1>
        <p className="muted">Sign in with a CRM user that holds the bridge's admin role.</p>
        <label>
          User name
          <input name="userName" autoComplete="username" required value={userName} onChange={(event) => setUserName(event.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
