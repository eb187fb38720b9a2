import { useState, type FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/vault';
import { describeVaultError } from '../../vault/vault-error-words';
import { useVaultSession } from '../../vault/vault-session';
import { PassphraseStrengthMeter } from '../../ui/PassphraseStrengthMeter';

/** First run: choose the passphrase that protects every case on this computer. */
export function CreateVaultForm() {
  const createVault = useVaultSession((state) => state.create);
  const keystore = useVaultSession((state) => state.keystore);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      setProblem(`Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
      return;
    }
    if (passphrase !== confirmation) {
      setProblem('The two passphrases are not the same.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await createVault(passphrase);
    } catch (error) {
      setProblem(describeVaultError(error));
      setBusy(false);
    }
  };

  return (
    <form className="vault-form" onSubmit={submit} aria-labelledby="create-vault-title">
      <h2 id="create-vault-title">Create your vault</h2>
      <p>
        Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters that is hard to guess (rated Strong, or Very strong
        without device binding). It cannot be recovered if lost.
      </p>
      {keystore && !keystore.deviceBound && (
        <p role="note" className="warning" data-testid="device-binding-off">
          Device binding is off: this computer&apos;s keystore ({keystore.backend}) cannot tie the vault to this
          device, so a copy of the disk is protected by your passphrase alone.
        </p>
      )}
      <label>
        New passphrase
        <input type="password" autoComplete="new-password" autoFocus value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
      </label>
      <PassphraseStrengthMeter passphrase={passphrase} deviceBound={keystore?.deviceBound ?? false} />
      <label>
        Confirm passphrase
        <input type="password" autoComplete="new-password" value={confirmation} onChange={(event) => setConfirmation(event.target.value)} />
      </label>
      {problem && <p role="alert" className="problem">{problem}</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create vault'}
      </button>
    </form>
  );
}
