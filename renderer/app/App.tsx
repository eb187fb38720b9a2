import { useEffect } from 'react';
import { useAppStore } from './app-store';
import { connectShell } from './connect-shell';
import { LockScreen } from '../features/lock-screen/LockScreen';
import { CaseWorkspace } from '../features/cases/CaseWorkspace';
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
  useEffect(() => {
    void useVaultSession.getState().check();
  }, []);
  const vaultStatus = useVaultSession((state) => state.status);
  return (
    <div className="app-frame">
      <header className="app-header">
        <strong className="app-title">CaseDesk</strong>
        <ShellStatus />
      </header>
      <main className={vaultStatus === 'unlocked' ? 'app-main app-main-wide' : 'app-main'}>
        {vaultStatus === 'unlocked' ? <CaseWorkspace /> : <LockScreen />}
      </main>
    </div>
  );
}
