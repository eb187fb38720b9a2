import { estimateStrength, MIN_PASSPHRASE_LENGTH, requiredStrengthScore, type StrengthScore } from '../vault/passphrase-policy';

/**
 * The strength estimate shown while a passphrase is chosen: the vault's own
 * zxcvbn-ts estimate (passphrase-policy.ts), in words, and whether it meets
 * the rule the vault enforces for this computer's binding.
 */
export interface PassphraseStrength {
  /** 0 (guessable) … 4 (very strong), zxcvbn's scale. */
  readonly score: StrengthScore;
  readonly words: string;
  readonly warning: string | null;
  readonly acceptable: boolean;
}

export const SCORE_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export async function estimatePassphraseStrength(passphrase: string, deviceBound = true): Promise<PassphraseStrength> {
  const { score, warning } = await estimateStrength(passphrase);
  const tooShort = passphrase.length < MIN_PASSPHRASE_LENGTH;
  const required = requiredStrengthScore(deviceBound);
  const shownScore = tooShort ? (Math.min(score, 1) as StrengthScore) : score;
  return {
    score: shownScore,
    words: tooShort
      ? `Too short (at least ${MIN_PASSPHRASE_LENGTH} characters)`
      : score < required
        ? `${SCORE_WORDS[score]}: needs to be ${SCORE_WORDS[required]}${deviceBound ? '' : ' without device binding'}`
        : SCORE_WORDS[score],
    warning,
    acceptable: !tooShort && score >= required,
  };
}
