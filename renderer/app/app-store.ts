import { create } from 'zustand';
import type { AppInfo, OsLockReason } from '../../shared/ipc/contract';

export type ShellState =
  | { readonly status: 'starting' }
  | { readonly status: 'ready'; readonly info: AppInfo }
  | { readonly status: 'failed'; readonly message: string };

interface AppStore {
  readonly shell: ShellState;
  /** Why the app last asked to lock, shown on the lock screen. */
  readonly lastLockReason: OsLockReason | 'manual' | null;
  shellReady(info: AppInfo): void;
  shellFailed(message: string): void;
  lockRequested(reason: OsLockReason | 'manual'): void;
}

export const useAppStore = create<AppStore>((set) => ({
  shell: { status: 'starting' },
  lastLockReason: null,
  shellReady: (info) => set({ shell: { status: 'ready', info } }),
  shellFailed: (message) => set({ shell: { status: 'failed', message } }),
  lockRequested: (reason) => set({ lastLockReason: reason }),
}));
