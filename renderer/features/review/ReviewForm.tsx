import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { TemplateDefinition, TemplateField } from '../../../shared/review-template/template-definition';
import { conditionMet, validateOutcome, type OutcomeAnswers, type OutcomeFieldError } from '../../../shared/review-template/validate-outcome';
import { isTextField, shortcutFor } from '../../ui/keyboard-shortcuts';
import { valueForOptionKey } from './option-keys';
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
  /** `andNext`: the reviewer asked to go on to the next case once it is queued. */
  readonly onSubmit: (answers: OutcomeAnswers, andNext: boolean) => Promise<void>;
}

/**
 * The template's fields as a form; hidden fields follow `showWhen`; drafts
 * save as the reviewer types. Keyboard-first: number keys answer the focused
 * choice question, Ctrl+Enter submits and goes on to the next case, and a
 * failed submit moves the focus to the first question that needs attention.
 */
export function ReviewForm({ template, initialAnswers, submitLabel, onDraft, onSubmit }: ReviewFormProps) {
  const defaults = useMemo(() => answersToFormValues(template, initialAnswers), [template, initialAnswers]);
  const { register, handleSubmit, watch, formState, setValue, getValues } = useForm<FormValues>({ defaultValues: defaults });
  const formElement = useRef<HTMLFormElement>(null);
  const andNext = useRef(false);
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
    if (problems.length > 0) {
      focusQuestion(formElement.current, problems[0]!.fieldId);
      return;
    }
    if (draftTimer.current) clearTimeout(draftTimer.current);
    await onSubmit(outcome, andNext.current);
  });
  const submitWith = (next: boolean) => {
    andNext.current = next;
    void submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    const action = shortcutFor({ key: event.key, altKey: event.altKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey, inTextField: isTextField(target) });
    if (action === 'submitAndNext') {
      event.preventDefault();
      submitWith(true);
    } else if (action === 'chooseOption') {
      const fieldId = target.closest<HTMLElement>('[data-field-id]')?.dataset.fieldId;
      const field = template.fields.find((candidate) => candidate.id === fieldId);
      const value = field ? valueForOptionKey(field, event.key, getValues(field.id)) : undefined;
      if (!field || value === undefined) return;
      event.preventDefault();
      setValue(field.id, value, { shouldDirty: true });
      if (field.type === 'single_choice') {
        // Focus follows the choice, as arrow keys do in a radio group.
        target.closest('[data-field-id]')?.querySelector<HTMLInputElement>(`input[value="${CSS.escape(String(value))}"]`)?.focus();
      }
    }
  };

  return (
    <form
      ref={formElement}
      className="review-form"
      onSubmit={(event) => {
        event.preventDefault();
        submitWith(false);
      }}
      onKeyDown={onKeyDown}
      aria-label="Review form"
      data-testid="review-form"
      noValidate
    >
      {template.fields.map((field) => {
        const shown = !field.showWhen || conditionMet(field.showWhen, answers);
        if (!shown) return null;
        const error = errors.find((candidate) => candidate.fieldId === field.id);
        return (
          <fieldset
            key={field.id}
            className="review-field"
            data-field-id={field.id}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${field.id}-error` : undefined}
          >
            <legend>
              {field.label}
              {(field.required || (field.requireWhen && conditionMet(field.requireWhen, answers))) && <span aria-hidden="true"> *</span>}
            </legend>
            {field.help && <p className="field-help">{field.help}</p>}
            <FieldInput field={field} register={register} />
            {error && (
              <p className="problem" role="alert" data-testid="field-error" id={`${field.id}-error`}>
                {ERROR_WORDS[error.code] ?? 'Check this answer.'}
              </p>
            )}
          </fieldset>
        );
      })}
      <div className="form-actions">
        <button type="submit" disabled={formState.isSubmitting} data-testid="submit-review">
          {submitLabel}
        </button>
        <button type="button" disabled={formState.isSubmitting} onClick={() => submitWith(true)} data-testid="submit-and-next" aria-keyshortcuts="Control+Enter">
          {submitLabel} and go to the next case <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}

/** Puts the focus on a question: its chosen option, else its first input. */
function focusQuestion(form: HTMLFormElement | null, fieldId: string) {
  const fieldset = form?.querySelector<HTMLElement>(`[data-field-id="${CSS.escape(fieldId)}"]`);
  (fieldset?.querySelector<HTMLElement>('input:checked') ?? fieldset?.querySelector<HTMLElement>('input, textarea'))?.focus();
}

function FieldInput({ field, register }: { field: TemplateField; register: ReturnType<typeof useForm<FormValues>>['register'] }) {
  switch (field.type) {
    case 'single_choice':
      return (
        <div className="choices" role="radiogroup" aria-label={field.label}>
          {field.options.map((option, index) => (
            <label key={option.value}>
              <input type="radio" value={option.value} {...register(field.id)} /> {index < 9 && <kbd className="option-key" aria-hidden="true">{index + 1}</kbd>} {option.label}
            </label>
          ))}
        </div>
      );
    case 'multiple_choice':
      return (
        <div className="choices" role="group" aria-label={field.label}>
          {field.options.map((option, index) => (
            <label key={option.value}>
              <input type="checkbox" value={option.value} {...register(field.id)} /> {index < 9 && <kbd className="option-key" aria-hidden="true">{index + 1}</kbd>} {option.label}
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
