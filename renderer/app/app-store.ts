import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/contract';

export type ShellState =
  | { readonly status: 'starting' }
  | { readonly status: 'ready'; readonly info: AppInfo }
  | { readonly status: 'failed'; readonly message: string };

interface AppStore {
  readonly shell: ShellState;
  shellReady(info: AppInfo): void;
  shellFailed(message: string): void;
}

export const useAppStore = create<AppStore>((set) => ({
  shell: { status: 'starting' },
  shellReady: (info) => set({ shell: { status: 'ready', info } }),
  shellFailed: (message) => set({ shell: { status: 'failed', message } }),
}));
