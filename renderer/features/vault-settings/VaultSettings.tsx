import { useState, type FormEvent } from 'react';
import { currentVault, useVaultSession } from '../../vault/vault-session';
import { describeVaultError } from '../../vault/vault-error-words';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/vault';
import { PassphraseStrengthMeter } from '../../ui/PassphraseStrengthMeter';

const IDLE_CHOICES = [1, 2, 5, 10, 15, 30] as const;

/** Lock now, how long idle before locking, and change of passphrase (re-wraps keys only). */
export function VaultSettings() {
  const lock = useVaultSession((state) => state.lock);
  const idleLockMinutes = useVaultSession((state) => state.idleLockMinutes);
  const setIdleLockMinutes = useVaultSession((state) => state.setIdleLockMinutes);
  return (
    <div className="vault-settings">
      <label>
        Lock when idle for
        <select value={idleLockMinutes} onChange={(event) => void setIdleLockMinutes(Number(event.target.value))} data-testid="idle-lock-minutes">
          {IDLE_CHOICES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes} {minutes === 1 ? 'minute' : 'minutes'}
            </option>
          ))}
        </select>
      </label>
      <ChangePassphrase />
      <button type="button" onClick={() => lock('manual')}>
        Lock now
      </button>
    </div>
  );
}

function ChangePassphrase() {
  const deviceBound = useVaultSession((state) => state.keyBinding === 'os-keystore');
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [message, setMessage] = useState<{ kind: 'problem' | 'done'; words: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Change passphrase
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next.length < MIN_PASSPHRASE_LENGTH) return setMessage({ kind: 'problem', words: `Choose at least ${MIN_PASSPHRASE_LENGTH} characters.` });
    if (next !== confirmation) return setMessage({ kind: 'problem', words: 'The two new passphrases are not the same.' });
    setBusy(true);
    try {
      await currentVault().changePassphrase(current, next);
      setMessage({ kind: 'done', words: 'Passphrase changed. The vault key was replaced too.' });
      setCurrent('');
      setNext('');
      setConfirmation('');
    } catch (error) {
      setMessage({ kind: 'problem', words: describeVaultError(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="change-passphrase" onSubmit={submit}>
      <label>
        Current passphrase
        <input type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
      </label>
      <label>
        New passphrase
        <input type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
      </label>
      <PassphraseStrengthMeter passphrase={next} deviceBound={deviceBound} />
      <label>
        Confirm new passphrase
        <input type="password" autoComplete="new-password" value={confirmation} onChange={(event) => setConfirmation(event.target.value)} />
      </label>
      {message && <p role={message.kind === 'problem' ? 'alert' : 'status'}>{message.words}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Changing…' : 'Change'}</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}
