import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { TemplateDefinition, TemplateField } from '../../../shared/review-template/template-definition';
import { conditionMet, validateOutcome, type OutcomeAnswers, type OutcomeFieldError } from '../../../shared/review-template/validate-outcome';
import { answersToFormValues, formValuesToAnswers, type FormValues } from './review-answers';

const ERROR_WORDS: Record<string, string> = {
  required: 'An answer is needed here.',
  wrong_type: 'This answer is not in the expected form.',
  not_an_option: 'Choose one of the options.',
  duplicate_choice: 'An option is chosen twice.',
  too_long: 'This answer is too long.',
  out_of_range: 'This number is outside the allowed range.',
  not_an_integer: 'Enter a whole number.',
  invalid_date: 'Enter a real date.',
  not_shown: 'This field does not apply to the answers above.',
  unknown_field: 'This field is not part of the template.',
};

interface ReviewFormProps {
  readonly template: TemplateDefinition;
  readonly initialAnswers: OutcomeAnswers;
  readonly submitLabel: string;
  readonly onDraft: (answers: OutcomeAnswers) => void;
  readonly onSubmit: (answers: OutcomeAnswers) => Promise<void>;
}

/** The template's fields as a form; hidden fields follow `showWhen`; drafts save as the reviewer types. */
export function ReviewForm({ template, initialAnswers, submitLabel, onDraft, onSubmit }: ReviewFormProps) {
  const defaults = useMemo(() => answersToFormValues(template, initialAnswers), [template, initialAnswers]);
  const { register, handleSubmit, watch, formState } = useForm<FormValues>({ defaultValues: defaults });
  const [errors, setErrors] = useState<readonly OutcomeFieldError[]>([]);
  const values = watch();
  const answers = formValuesToAnswers(template, values);
  const draftTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const subscription = watch((current) => {
      if (draftTimer.current) clearTimeout(draftTimer.current);
      draftTimer.current = setTimeout(() => onDraft(formValuesToAnswers(template, current as FormValues)), 300);
    });
    return () => {
      subscription.unsubscribe();
      if (draftTimer.current) clearTimeout(draftTimer.current);
    };
  }, [watch, template, onDraft]);

  const submit = handleSubmit(async (raw) => {
    const outcome = formValuesToAnswers(template, raw);
    const problems = validateOutcome(template, outcome);
    setErrors(problems);
    if (problems.length > 0) return;
    if (draftTimer.current) clearTimeout(draftTimer.current);
    await onSubmit(outcome);
  });

  return (
    <form className="review-form" onSubmit={(event) => void submit(event)} aria-label="Review form" data-testid="review-form">
      {template.fields.map((field) => {
        const shown = !field.showWhen || conditionMet(field.showWhen, answers);
        if (!shown) return null;
        const error = errors.find((candidate) => candidate.fieldId === field.id);
        return (
          <fieldset key={field.id} className="review-field" data-field-id={field.id} aria-invalid={error ? true : undefined}>
            <legend>
              {field.label}
              {(field.required || (field.requireWhen && conditionMet(field.requireWhen, answers))) && <span aria-hidden="true"> *</span>}
            </legend>
            {field.help && <p className="field-help">{field.help}</p>}
            <FieldInput field={field} register={register} />
            {error && (
              <p className="problem" role="alert" data-testid="field-error">
                {ERROR_WORDS[error.code] ?? 'Check this answer.'}
              </p>
            )}
          </fieldset>
        );
      })}
      <button type="submit" disabled={formState.isSubmitting} data-testid="submit-review">
        {submitLabel}
      </button>
    </form>
  );
}

function FieldInput({ field, register }: { field: TemplateField; register: ReturnType<typeof useForm<FormValues>>['register'] }) {
  switch (field.type) {
    case 'single_choice':
      return (
        <div className="choices" role="radiogroup" aria-label={field.label}>
          {field.options.map((option) => (
            <label key={option.value}>
              <input type="radio" value={option.value} {...register(field.id)} /> {option.label}
            </label>
          ))}
        </div>
      );
    case 'multiple_choice':
      return (
        <div className="choices">
          {field.options.map((option) => (
            <label key={option.value}>
              <input type="checkbox" value={option.value} {...register(field.id)} /> {option.label}
            </label>
          ))}
        </div>
      );
    case 'text':
      return <textarea aria-label={field.label} rows={3} maxLength={field.maxLength} {...register(field.id)} />;
    case 'number':
      return <input aria-label={field.label} inputMode="decimal" {...register(field.id)} />;
    case 'date':
      return <input aria-label={field.label} type="date" {...register(field.id)} />;
  }
}
