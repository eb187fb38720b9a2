import { describe, expect, it } from 'vitest';
import { estimatePassphraseStrength } from './passphrase-strength';

describe('passphrase strength estimate', () => {
  it('calls short or dictionary passphrases weak and long unusual ones strong', async () => {
    expect((await estimatePassphraseStrength('password')).words).toMatch(/Too short/);
    expect((await estimatePassphraseStrength('password1234')).score).toBeLessThanOrEqual(1);
    expect((await estimatePassphraseStrength('lantern orbit quietly gravel 42')).score).toBeGreaterThanOrEqual(3);
  });

  it('says when a passphrase falls short of the rule for this computer, stricter without device binding', async () => {
    const weak = await estimatePassphraseStrength('aaaaaaaaaaaa');
    expect(weak).toMatchObject({ acceptable: false, words: 'Very weak: needs to be Strong' });
    const veryStrong = await estimatePassphraseStrength('lantern orbit quietly gravel 42', false);
    expect(veryStrong).toMatchObject({ score: 4, acceptable: true, words: 'Very strong' });
  });
});
