import { useEffect, useState } from 'react';
import { estimatePassphraseStrength, type PassphraseStrength } from './passphrase-strength';

/** Live strength estimate under a new-passphrase field. */
export function PassphraseStrengthMeter({ passphrase }: { passphrase: string }) {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  useEffect(() => {
    let current = true;
    if (passphrase === '') {
      setStrength(null);
      return;
    }
    void estimatePassphraseStrength(passphrase).then((estimate) => current && setStrength(estimate));
    return () => {
      current = false;
    };
  }, [passphrase]);
  if (!strength) return null;
  return (
    <p className={`strength strength-${strength.score}`} data-testid="passphrase-strength" aria-live="polite">
      <meter min={0} max={4} value={strength.score} aria-label="Passphrase strength" /> {strength.words}
      {strength.warning && <span className="strength-warning"> · {strength.warning}</span>}
    </p>
  );
}
