import type { TeamAuditDeviceState } from '../../sync/pull-team-audit';

export type ChainVerdict = 'verified' | 'broken' | 'never-uploaded' | 'incomplete';

const LOCAL_BREAK_WORDS = {
  edited: 'an event was changed after it was recorded',
  'out-of-chain': 'an event does not follow the one before it, or names another device',
  'tail-mismatch': 'the copy here does not end where the endpoint’s chain ends',
} as const;

/**
 * One device's chain in plain words, from both checks: the endpoint's (on
 * upload) and this device's own (on every event it received). A break found
 * by either is a break; the lead is told where and by whom it was found.
 */
export function describeChain(state: TeamAuditDeviceState): { verdict: ChainVerdict; words: string } {
  const { device, check, held } = state;
  if (check.state === 'broken') {
    return { verdict: 'broken', words: `Broken at event ${check.at}: checked on this computer, ${LOCAL_BREAK_WORDS[check.reason]}.` };
  }
  const server = device.chain;
  if (server.state === 'broken') {
    const day = server.refusedAt.slice(0, 10);
    return {
      verdict: 'broken',
      words: `Broken at event ${server.brokenAt}: the endpoint refused the device’s upload on ${day}. Verified up to event ${server.verifiedThrough}.`,
    };
  }
  if (server.state === 'never-uploaded') return { verdict: 'never-uploaded', words: 'Never uploaded.' };
  if (held < server.verifiedThrough) {
    return { verdict: 'incomplete', words: `Verified up to event ${held} of ${server.verifiedThrough}; the rest arrives at the next sync.` };
  }
  return { verdict: 'verified', words: `Verified up to event ${server.verifiedThrough}.` };
}
