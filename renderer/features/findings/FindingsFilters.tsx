import { useId } from 'react';
import { VisibleText } from '../../ui/VisibleText';
import { FINDINGS_REVIEW_STATUSES, NO_FINDINGS_FILTER, type FindingsFilter } from '../../../shared/findings/compute-findings';

export interface FilterChoices {
  readonly batches: readonly { readonly id: string; readonly name: string }[];
  readonly boroughs: readonly string[];
  readonly reviewerIds: readonly string[];
}

const STATUS_WORDS = { submitted: 'Submitted (not yet approved)', approved: 'Approved' } as const;

/** Checkbox groups (none ticked = all) and a period; every change recomputes at once. */
export function FindingsFilters({ filter, choices, onChange }: { filter: FindingsFilter; choices: FilterChoices; onChange: (change: Partial<FindingsFilter>) => void }) {
  const fromId = useId();
  const toId = useId();
  return (
    <div className="findings-filters" data-testid="findings-filters">
      <CheckboxGroup
        legend="Batch"
        name="batch"
        options={choices.batches.map((batch) => ({ value: batch.id, words: batch.name }))}
        chosen={filter.batchIds}
        onChange={(batchIds) => onChange({ batchIds })}
      />
      <CheckboxGroup
        legend="Borough"
        name="borough"
        options={choices.boroughs.map((borough) => ({ value: borough, words: borough }))}
        chosen={filter.boroughs}
        onChange={(boroughs) => onChange({ boroughs })}
      />
      <CheckboxGroup
        legend="Reviewer"
        name="reviewer"
        options={choices.reviewerIds.map((reviewerId) => ({ value: reviewerId, words: reviewerId }))}
        chosen={filter.reviewerIds}
        onChange={(reviewerIds) => onChange({ reviewerIds })}
      />
      <CheckboxGroup
        legend="Review status"
        name="status"
        options={FINDINGS_REVIEW_STATUSES.map((status) => ({ value: status, words: STATUS_WORDS[status] }))}
        chosen={filter.statuses}
        onChange={(statuses) => onChange({ statuses: statuses as FindingsFilter['statuses'] })}
      />
      <fieldset className="findings-filter-group">
        <legend>Case period overlaps</legend>
        <label htmlFor={fromId}>From</label>
        <input id={fromId} type="date" data-testid="findings-period-from" value={filter.periodFrom ?? ''} onChange={(event) => onChange({ periodFrom: event.target.value || null })} />
        <label htmlFor={toId}>To</label>
        <input id={toId} type="date" data-testid="findings-period-to" value={filter.periodTo ?? ''} onChange={(event) => onChange({ periodTo: event.target.value || null })} />
      </fieldset>
      <button type="button" onClick={() => onChange(NO_FINDINGS_FILTER)} data-testid="findings-clear-filters">
        Clear filters
      </button>
    </div>
  );
}

function CheckboxGroup({
  legend,
  name,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly { readonly value: string; readonly words: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset className="findings-filter-group" data-testid={`findings-filter-${name}`}>
      <legend>
        {legend} <span className="muted">(none ticked: all)</span>
      </legend>
      {options.map((option) => (
        <label key={option.value} className="inline-check">
          <input
            type="checkbox"
            name={name}
            value={option.value}
            checked={chosen.includes(option.value)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))}
          />
          <VisibleText text={option.words} />
        </label>
      ))}
    </fieldset>
  );
}
