import { VaultError } from './vault-error';
import { normalisePassphrase } from './vault-keyring';

/**
 * What a new passphrase must be: at least MIN_PASSPHRASE_LENGTH characters
 * and a zxcvbn-ts score of at least 3 ("strong"), or 4 ("very strong") when
 * the vault is not bound to the device: then the passphrase (through
 * Argon2id) is all that protects a copied disk. The vault enforces this on
 * creation and on change; the lock screen shows the same estimate live.
 */
export const MIN_PASSPHRASE_LENGTH = 12;

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export function requiredStrengthScore(deviceBound: boolean): StrengthScore {
  return deviceBound ? 3 : 4;
}

export interface StrengthEstimate {
  readonly score: StrengthScore;
  readonly warning: string | null;
}

let estimator: Promise<(passphrase: string) => StrengthEstimate> | null = null;

/** zxcvbn-ts with the common and English dictionaries, loaded on first use so the lock screen opens without them. */
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
    return (passphrase: string) => {
      const result = core.zxcvbn(passphrase);
      return { score: Math.max(0, Math.min(4, result.score)) as StrengthScore, warning: result.feedback.warning || null };
    };
  });
  return estimator;
}

/** The estimate of the passphrase as it will be derived (normalised). */
export async function estimateStrength(passphrase: string): Promise<StrengthEstimate> {
  return (await loadEstimator())(normalisePassphrase(passphrase));
}

/** PassphraseTooWeak unless the passphrase meets the rule for this binding. */
export async function assertPassphraseStrongEnough(passphrase: string, deviceBound: boolean): Promise<void> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new VaultError('PassphraseTooWeak', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const { score } = await estimateStrength(passphrase);
  if (score < requiredStrengthScore(deviceBound)) {
    throw new VaultError('PassphraseTooWeak', 'The passphrase is too easy to guess');
  }
}
