import { create } from 'zustand';

/**
 * The reviewer's wellbeing preferences. Not case data (two settings), so
 * kept in the renderer's localStorage, where they survive a lock.
 */
export interface ReviewerPreferences {
  /** Document excerpts stay hidden until the reviewer reveals each one. On by default. */
  readonly maskExcerpts: boolean;
  /** Minutes of continuous review before a break is suggested; 0 turns the reminder off. */
  readonly breakReminderMinutes: number;
}

export const DEFAULT_PREFERENCES: ReviewerPreferences = { maskExcerpts: true, breakReminderMinutes: 50 };
export const BREAK_REMINDER_CHOICES = [0, 25, 50, 75, 90] as const;
const STORAGE_KEY = 'casedesk.reviewerPreferences';

/** Reads stored preferences, keeping the defaults for anything missing or malformed. */
export function parsePreferences(stored: string | null): ReviewerPreferences {
  if (!stored) return DEFAULT_PREFERENCES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return DEFAULT_PREFERENCES;
  }
  const value = (parsed ?? {}) as Partial<Record<keyof ReviewerPreferences, unknown>>;
  return {
    maskExcerpts: typeof value.maskExcerpts === 'boolean' ? value.maskExcerpts : DEFAULT_PREFERENCES.maskExcerpts,
    breakReminderMinutes: (BREAK_REMINDER_CHOICES as readonly unknown[]).includes(value.breakReminderMinutes)
      ? (value.breakReminderMinutes as number)
      : DEFAULT_PREFERENCES.breakReminderMinutes,
  };
}

interface PreferencesState extends ReviewerPreferences {
  change(change: Partial<ReviewerPreferences>): void;
}

const storage = typeof localStorage === 'undefined' ? null : localStorage;

export const useReviewerPreferences = create<PreferencesState>((set, get) => ({
  ...parsePreferences(storage?.getItem(STORAGE_KEY) ?? null),
  change(change) {
    set(change);
    const { maskExcerpts, breakReminderMinutes } = get();
    storage?.setItem(STORAGE_KEY, JSON.stringify({ maskExcerpts, breakReminderMinutes }));
  },
}));
