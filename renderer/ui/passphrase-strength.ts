import { MIN_PASSPHRASE_LENGTH } from '../vault/vault';

/**
 * Strength estimate shown while a passphrase is chosen: zxcvbn-ts with the
 * common and English dictionaries (loaded on first use, so the lock screen
 * opens without them). Length is the rule the vault enforces; the score is
 * advice.
 */
export interface PassphraseStrength {
  /** 0 (guessable) … 4 (very strong), zxcvbn's scale. */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly words: string;
  readonly warning: string | null;
}

const SCORE_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

let estimator: Promise<(passphrase: string) => { score: number; feedback: { warning: string | null } }> | null = null;

function loadEstimator() {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, english]) => {
    core.zxcvbnOptions.setOptions({
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
      translations: english.translations,
    });
    return (passphrase: string) => core.zxcvbn(passphrase);
  });
  return estimator;
}

export async function estimatePassphraseStrength(passphrase: string): Promise<PassphraseStrength> {
  const estimate = await loadEstimator();
  const result = estimate(passphrase);
  const score = Math.max(0, Math.min(4, result.score)) as PassphraseStrength['score'];
  const tooShort = passphrase.length < MIN_PASSPHRASE_LENGTH;
  return {
    score: tooShort ? (Math.min(score, 1) as PassphraseStrength['score']) : score,
    words: tooShort ? `Too short (at least ${MIN_PASSPHRASE_LENGTH} characters)` : SCORE_WORDS[score],
    warning: result.feedback.warning || null,
  };
}
