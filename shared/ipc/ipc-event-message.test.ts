import { describe, expect, it } from 'vitest';
import { buildIpcEventMessage } from './ipc-event-message';

describe('buildIpcEventMessage', () => {
  it('derives the channel from the contract and passes a payload that matches the schema', () => {
    expect(buildIpcEventMessage('app', 'onLockRequested', { reason: 'os-lock' })).toEqual({
      channel: 'app.onLockRequested',
      payload: { reason: 'os-lock' },
    });
  });

  it.each([
    ['an unknown reason', { reason: 'because' }],
    ['an extra member', { reason: 'suspend', caseId: 'case-000001' }],
    ['no payload', undefined],
  ])('builds nothing for %s', (_label, payload) => {
    expect(buildIpcEventMessage('app', 'onLockRequested', payload as never)).toBeNull();
  });

  it('builds nothing for an event the contract does not define', () => {
    expect(buildIpcEventMessage('app', 'onSomethingElse' as never, { reason: 'os-lock' } as never)).toBeNull();
  });
});
