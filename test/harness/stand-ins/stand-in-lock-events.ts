import type { LockDetectionStatus, OsLockReason } from '../../../shared/ipc/contract';
import type { LockEventSource } from '../../../electron/services/main-services';

/** STAND-IN for Electron powerMonitor: a test calls `simulate` to play the OS. */
export class StandInLockEvents implements LockEventSource {
  private readonly listeners = new Set<(reason: OsLockReason) => void>();

  onLockRequested(listener: (reason: OsLockReason) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What `app.lockDetection` answers; a test may set it to play a Linux desktop without D-Bus. */
  status: LockDetectionStatus = { screenLock: 'detected', detail: 'stand-in: the test plays the OS screen lock' };

  detection(): LockDetectionStatus {
    return this.status;
  }

  simulate(reason: OsLockReason): void {
    for (const listener of this.listeners) listener(reason);
  }
}
