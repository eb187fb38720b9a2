import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, parsePreferences } from './reviewer-preferences';

describe('parsePreferences', () => {
  it('defaults to masked excerpts and a 50-minute break reminder', () => {
    expect(parsePreferences(null)).toEqual({ maskExcerpts: true, breakReminderMinutes: 50 });
    expect(DEFAULT_PREFERENCES).toEqual({ maskExcerpts: true, breakReminderMinutes: 50 });
  });

  it('keeps valid stored choices, including turning both off', () => {
    expect(parsePreferences(JSON.stringify({ maskExcerpts: false, breakReminderMinutes: 0 }))).toEqual({ maskExcerpts: false, breakReminderMinutes: 0 });
    expect(parsePreferences(JSON.stringify({ maskExcerpts: true, breakReminderMinutes: 25 }))).toEqual({ maskExcerpts: true, breakReminderMinutes: 25 });
  });

  it('falls back to the default for anything malformed', () => {
    expect(parsePreferences('{not json')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('null')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences(JSON.stringify({ maskExcerpts: 'no', breakReminderMinutes: 3 }))).toEqual(DEFAULT_PREFERENCES);
  });
});
