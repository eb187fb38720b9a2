import { useEffect } from 'react';
import { useAppStore } from './app-store';
import { connectShell } from './connect-shell';
import { LockScreen } from '../features/lock-screen/LockScreen';
import { LeadWorkspace } from './LeadWorkspace';
import { Workspace } from './Workspace';
import { connectSyncSession, useSyncSession } from '../sync/sync-session';
import { useVaultSession } from '../vault/vault-session';

function ShellStatus() {
  const shell = useAppStore((state) => state.shell);
  if (shell.status === 'starting') return <span>Connecting…</span>;
  if (shell.status === 'failed') return <span role="alert">{shell.message}</span>;
  const { info } = shell;
  return (
    <span data-testid="app-info">
      {info.name} {info.version} · {info.platform} · {info.host === 'electron' ? `Electron ${info.electronVersion}` : 'browser harness'}
    </span>
  );
}

export function App() {
  useEffect(() => connectShell(), []);
  useEffect(() => connectSyncSession(), []);
  useEffect(() => {
    void useVaultSession.getState().check();
  }, []);
  const vaultStatus = useVaultSession((state) => state.status);
  const revoked = useSyncSession((state) => state.revoked);
  // The enrolled role decides the workspace; a device not (yet) enrolled shows the reviewer's, with enrolment.
  const isLead = useSyncSession((state) => state.status?.role === 'lead');
  return (
    <div className="app-frame">
      <header className="app-header">
        <strong className="app-title">CaseDesk</strong>
        <ShellStatus />
      </header>
      {revoked && (
        <p role="alert" className="revoked-notice" data-testid="device-revoked">
          This device was revoked by an administrator. Everything CaseDesk held on it has been erased. To work on it again,
          create a new vault and enrol with a new code.
        </p>
      )}
      <main className={vaultStatus === 'unlocked' ? 'app-main app-main-wide' : 'app-main'}>
        {vaultStatus !== 'unlocked' ? <LockScreen /> : isLead ? <LeadWorkspace /> : <Workspace />}
      </main>
    </div>
  );
}
