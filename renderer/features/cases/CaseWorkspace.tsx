import { useEffect } from 'react';
import { useVaultSession } from '../../vault/vault-session';
import { VaultSettings } from '../vault-settings/VaultSettings';
import { CaseDetail } from './CaseDetail';
import { CaseImport } from './CaseImport';
import { CaseList } from './CaseList';
import { useCaseListStore } from './case-list-store';

/** What an unlocked session shows: the imported cases, one open case, import and vault settings. */
export function CaseWorkspace() {
  const keyBinding = useVaultSession((state) => state.keyBinding);
  const notice = useCaseListStore((state) => state.notice);
  const load = useCaseListStore((state) => state.load);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="case-workspace">
      <div className="workspace-bar">
        <CaseImport />
        <VaultSettings />
      </div>
      {keyBinding === 'none' && (
        <p role="note" className="warning" data-testid="device-binding-off">
          Device binding is off: this computer&apos;s keystore cannot tie the vault to this device, so a copy of the
          disk is protected by your passphrase alone.
        </p>
      )}
      {notice && (
        <p role={notice.kind === 'problem' ? 'alert' : 'status'} className={notice.kind} data-testid="case-notice">
          {notice.words}
        </p>
      )}
      <div className="workspace-panes">
        <CaseList />
        <CaseDetail />
      </div>
    </div>
  );
}
