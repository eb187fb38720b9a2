import { describe, expect, it } from 'vitest';
import type { TeamAuditChainStatus } from '../../../shared/sync-protocol/team-audit';
import type { LocalChainCheck, TeamAuditDeviceState } from '../../sync/pull-team-audit';
import { describeChain } from './chain-status-words';

function state(chain: TeamAuditChainStatus, held: number, check: LocalChainCheck = { state: 'verified', through: held }): TeamAuditDeviceState {
  const eventCount = chain.state === 'never-uploaded' ? 0 : chain.verifiedThrough;
  return { device: { deviceId: 'dev_1', userId: 'alice', deviceName: 'laptop', revoked: false, eventCount, lastHash: 'a'.repeat(64), chain }, held, heldLastHash: 'a'.repeat(64), check };
}

describe('describeChain', () => {
  it('says verified up to the last event when the copy here is complete and checks', () => {
    expect(describeChain(state({ state: 'verified', verifiedThrough: 12 }, 12))).toEqual({ verdict: 'verified', words: 'Verified up to event 12.' });
  });

  it('says how far it has come while events are still to arrive', () => {
    expect(describeChain(state({ state: 'verified', verifiedThrough: 12 }, 5))).toMatchObject({ verdict: 'incomplete', words: expect.stringContaining('5 of 12') });
  });

  it('reports the endpoint’s refusal with where and when', () => {
    expect(describeChain(state({ state: 'broken', verifiedThrough: 4, brokenAt: 5, refusedAt: '2026-01-15T10:00:00.000Z' }, 4))).toEqual({
      verdict: 'broken',
      words: 'Broken at event 5: the endpoint refused the device’s upload on 2026-01-15. Verified up to event 4.',
    });
  });

  it('puts a break found on this computer first, even when the endpoint saw none', () => {
    const found = describeChain(state({ state: 'verified', verifiedThrough: 12 }, 2, { state: 'broken', at: 3, reason: 'edited' }));
    expect(found).toEqual({ verdict: 'broken', words: 'Broken at event 3: checked on this computer, an event was changed after it was recorded.' });
  });

  it('says never uploaded for a device that sent nothing', () => {
    expect(describeChain(state({ state: 'never-uploaded' }, 0))).toEqual({ verdict: 'never-uploaded', words: 'Never uploaded.' });
  });
});
