import { describe, expect, it, vi } from 'vitest';
import type { OsLockReason } from '../../shared/ipc/contract';
import type { LockEventSource } from '../services/main-services';

vi.mock('electron', () => ({ ipcMain: { handle: () => undefined } }));

const { forwardLockEvents } = await import('./register-ipc');

function lockSource() {
  let emit: (reason: OsLockReason) => void = () => undefined;
  const source: LockEventSource = {
    onLockRequested(listener) {
      emit = listener;
      return () => undefined;
    },
    detection: () => ({ screenLock: 'detected', detail: 'test' }),
  };
  return { source, emit: (reason: string) => emit(reason as OsLockReason) };
}

describe('forwardLockEvents', () => {
  it('sends the contract event with a payload parsed against its schema', () => {
    const sent: Array<{ channel: string; payload: unknown }> = [];
    const { source, emit } = lockSource();
    forwardLockEvents(source, () => ({ send: (channel: string, payload: unknown) => sent.push({ channel, payload }) }));
    emit('suspend');
    emit('screensaver-phase-of-the-moon');
    expect(sent).toEqual([{ channel: 'app.onLockRequested', payload: { reason: 'suspend' } }]);
  });
});
