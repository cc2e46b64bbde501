import { useCallback, useState } from 'react';
import { Link } from './components/link';
import { hrefOf } from './routing/route';
import { useRoute } from './routing/use-route';
import type { AdminSession } from './session/admin-session';
import { CustomizationEditorView } from './views/customization-editor-view';
import { CustomizationsView } from './views/customizations-view';
import { DeviceView } from './views/device-view';
import { FleetView } from './views/fleet-view';
import { SettingsView } from './views/settings-view';
import { SignInView } from './views/sign-in-view';
import { UserView } from './views/user-view';
import { UsersView } from './views/users-view';

/** The console: the sign-in form until an admin signs in, then the view the URL names. */
export function App() {
  const [session, setSession] = useState<AdminSession>();
  const route = useRoute();
  const ended = useCallback(() => setSession(undefined), []);
  if (!session) return <SignInView onSignedIn={setSession} onEnded={ended} />;
  return (
    <>
      <header className="top">
        <Link href={hrefOf({ view: 'fleet' })} className="brand">
          Fieldsync console
        </Link>
        <nav aria-label="Main">
          <Link href={hrefOf({ view: 'fleet' })}>Fleet</Link>
          <Link href={hrefOf({ view: 'users' })}>Users</Link>
          <Link href={hrefOf({ view: 'customizations' })}>Customizations</Link>
          <Link href={hrefOf({ view: 'settings' })}>Settings</Link>
        </nav>
        <span className="who">
          Signed in as <strong>{session.userName}</strong>
        </span>
        <button type="button" className="secondary" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {route.view === 'fleet' && <FleetView session={session} />}
        {route.view === 'device' && <DeviceView session={session} deviceId={route.deviceId} />}
        {route.view === 'customizations' && <CustomizationsView session={session} />}
        {route.view === 'customization' && <CustomizationEditorView key={route.revision} session={session} revision={route.revision} />}
        {route.view === 'users' && <UsersView session={session} />}
        {route.view === 'user' && <UserView session={session} userId={route.userId} />}
        {route.view === 'settings' && <SettingsView session={session} />}
        {route.view === 'not-found' && (
          <p role="alert">
            Nothing at {route.path}. <Link href={hrefOf({ view: 'fleet' })}>Back to the fleet</Link>
          </p>
        )}
      </main>
    </>
  );
}
