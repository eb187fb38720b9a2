import { useState, type FormEvent } from 'react';
import { describeVaultError } from '../../vault/vault-error-words';
import { useVaultSession } from '../../vault/vault-session';

/** Passphrase → keys. The derivation runs in a worker, so this form stays responsive meanwhile. */
export function UnlockForm() {
  const unlock = useVaultSession((state) => state.unlock);
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await unlock(passphrase);
    } catch (error) {
      setProblem(describeVaultError(error));
      setBusy(false);
    }
    setPassphrase('');
  };

  return (
    <form className="vault-form" onSubmit={submit} aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock</h2>
      <label>
        Passphrase
        <input type="password" autoComplete="current-password" autoFocus value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
      </label>
      {problem && <p role="alert" className="problem" data-testid="unlock-problem">{problem}</p>}
      <button type="submit" disabled={busy || passphrase === ''}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
