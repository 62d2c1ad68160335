import { useEffect, useState } from 'react';
import type { SessionUser } from '../../electron/common/contract';
import { call, sessionEvents } from './api';
import { ChangePassword } from './components/ChangePassword';
import { SessionEnded } from './components/SessionEnded';
import { useHeartbeat } from './hooks/useHeartbeat';
import { ClipPage } from './screens/ClipPage';
import { Login } from './screens/Login';
import { ManagerHome } from './screens/ManagerHome';
import { Queue } from './screens/Queue';
import { AuditorHome } from './screens/auditor/AuditorHome';
import { ReliabilityHome } from './screens/reliability/ReliabilityHome';

type Route = { screen: 'queue' } | { screen: 'clip'; code: string };

export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [studyName, setStudyName] = useState('');
  const [route, setRoute] = useState<Route>({ screen: 'queue' });
  const [changingPassword, setChangingPassword] = useState(false);
  // The session ended under an open page: the page stays, the password is asked for over it.
  const [sessionEnded, setSessionEnded] = useState(false);
  const loggedIn = user !== null && user !== undefined;
  useHeartbeat(loggedIn && !sessionEnded);
  useEffect(() => (loggedIn ? sessionEvents.onEnded(() => setSessionEnded(true)) : undefined), [loggedIn]);

  useEffect(() => {
    void call('study.info', {}).then((info) => setStudyName(info.name), () => setStudyName(''));
    void call('auth.session', {}).then(setUser, () => setUser(null));
  }, []);

  const logout = async () => {
    await call('auth.logout', {}).catch(() => undefined);
    setSessionEnded(false);
    setUser(null);
    setRoute({ screen: 'queue' });
  };

  if (user === undefined) return <main className="centered" aria-busy="true" />;
  if (user === null) return <Login studyName={studyName} onLogin={setUser} />;

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Blindfold</span>
        <span className="study-name">{studyName}</span>
        <span className="spacer" />
        <span className="who">
          {user.name} · {user.role}
        </span>
        <button type="button" className="link-button" onClick={() => setChangingPassword(true)}>
          Password
        </button>
        <button type="button" className="link-button" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      {sessionEnded && (
        <SessionEnded
          name={user.name}
          onLogout={() => void logout()}
          onRestored={(again) => {
            setSessionEnded(false);
            setUser(again);
            sessionEvents.restored();
          }}
        />
      )}
      {changingPassword ? (
        <ChangePassword onClose={() => setChangingPassword(false)} />
      ) : user.role === 'coder' ? (
        route.screen === 'clip' ? (
          <ClipPage
            key={route.code}
            code={route.code}
            coder={user.name}
            onOpen={(code) => setRoute(code ? { screen: 'clip', code } : { screen: 'queue' })}
          />
        ) : (
          <Queue onOpen={(code) => setRoute({ screen: 'clip', code })} />
        )
      ) : user.role === 'manager' ? (
        <ManagerHome />
      ) : user.role === 'reliability' ? (
        <ReliabilityHome />
      ) : (
        <AuditorHome />
      )}
    </div>
  );
}
