import { useEffect, useState } from 'react';
import { estimatePassphraseStrength, type PassphraseStrength } from './passphrase-strength';

/** Live strength estimate under a new-passphrase field, against the rule for this computer's binding. */
export function PassphraseStrengthMeter({ passphrase, deviceBound }: { passphrase: string; deviceBound: boolean }) {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  useEffect(() => {
    let current = true;
    if (passphrase === '') {
      setStrength(null);
      return;
    }
    void estimatePassphraseStrength(passphrase, deviceBound).then((estimate) => current && setStrength(estimate));
    return () => {
      current = false;
    };
  }, [passphrase, deviceBound]);
  if (!strength) return null;
  return (
    <p
      className={`strength strength-${strength.score}`}
      data-testid="passphrase-strength"
      data-acceptable={strength.acceptable}
      aria-live="polite"
    >
      <meter min={0} max={4} value={strength.score} aria-label="Passphrase strength" /> {strength.words}
      {strength.warning && <span className="strength-warning"> · {strength.warning}</span>}
    </p>
  );
}
