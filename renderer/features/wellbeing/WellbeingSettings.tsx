import { BREAK_REMINDER_CHOICES, useReviewerPreferences } from '../../state/reviewer-preferences';

/** The reviewer's wellbeing settings: masked excerpts and the break reminder. */
export function WellbeingSettings() {
  const maskExcerpts = useReviewerPreferences((state) => state.maskExcerpts);
  const breakReminderMinutes = useReviewerPreferences((state) => state.breakReminderMinutes);
  const change = useReviewerPreferences((state) => state.change);
  return (
    <div className="wellbeing-settings">
      <label className="inline-check">
        <input type="checkbox" checked={maskExcerpts} onChange={(event) => change({ maskExcerpts: event.target.checked })} data-testid="mask-excerpts" />
        Hide document excerpts until I reveal them
      </label>
      <label>
        Suggest a break after{' '}
        <select value={breakReminderMinutes} onChange={(event) => change({ breakReminderMinutes: Number(event.target.value) })} data-testid="break-reminder-minutes">
          {BREAK_REMINDER_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 0 ? 'never' : `${choice} minutes`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
