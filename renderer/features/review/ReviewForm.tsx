import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import type { TemplateDefinition, TemplateField } from '../../../shared/review-template/template-definition';
import { conditionMet, fieldRequired, type OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { isTextField, shortcutFor } from '../../ui/keyboard-shortcuts';
import { registerPendingWrite } from '../../vault/vault-session';
import { createDraftAutosave, flushOnPageExit } from './draft-autosave';
import { valueForOptionKey } from './option-keys';
import { answersToFormValues, formValuesToAnswers, type FormValues } from './review-answers';
import { templateFormResolver } from './template-form-resolver';

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
  /** Seals the draft; resolves once it is committed. */
  readonly onDraft: (answers: OutcomeAnswers) => Promise<void>;
  /** `andNext`: the reviewer asked to go on to the next case once it is queued. */
  readonly onSubmit: (answers: OutcomeAnswers, andNext: boolean) => Promise<void>;
}

/**
 * The template's fields as a form, validated by the template's own schema
 * (the one the endpoint checks with); hidden fields follow `showWhen`.
 * Drafts save as the reviewer types, and at once when the form closes, the
 * window is left or the vault locks. Keyboard-first: number keys answer the
 * focused choice question, Ctrl+Enter submits and goes on to the next case,
 * and a failed submit moves the focus to the first question that needs attention.
 */
export function ReviewForm({ template, initialAnswers, submitLabel, onDraft, onSubmit }: ReviewFormProps) {
  const defaults = useMemo(() => answersToFormValues(template, initialAnswers), [template, initialAnswers]);
  const resolver = useMemo(() => templateFormResolver(template), [template]);
  const { register, handleSubmit, watch, formState, setValue, getValues } = useForm<FormValues, unknown, OutcomeAnswers>({
    defaultValues: defaults,
    resolver,
    shouldFocusError: false,
  });
  const formElement = useRef<HTMLFormElement>(null);
  const andNext = useRef(false);
  const values = watch();
  const answers = formValuesToAnswers(template, values);
  const dependents = useMemo(() => dependentFields(template), [template]);
  const latestOnDraft = useRef(onDraft);
  latestOnDraft.current = onDraft;
  const autosave = useMemo(
    () =>
      createDraftAutosave<OutcomeAnswers>((draft) => latestOnDraft.current(draft), {
        // For `npm run bench` (ui.draftSaveP95Ms): a name and a duration, nothing typed.
        onSaved: (waitedMs, firstChangeAt) => performance.measure('casedesk.draftSave', { start: firstChangeAt, duration: waitedMs }),
      }),
    [],
  );

  useEffect(() => {
    const subscription = watch((current) => autosave.change(formValuesToAnswers(template, current as FormValues)));
    const unregister = registerPendingWrite(() => autosave.flush());
    const stopPageExit = flushOnPageExit(window, () => void autosave.flush()?.catch(() => undefined));
    return () => {
      subscription.unsubscribe();
      stopPageExit();
      // Closing the form (another case, a lock) saves what was typed; the lock has already started this save.
      void autosave.flush()?.catch(() => undefined);
      unregister();
    };
  }, [watch, template, autosave]);

  const submit = handleSubmit(
    async (outcome) => {
      // The outcome carries every answer; a draft save still running lands before submit removes the draft.
      autosave.cancel();
      await autosave.flush()?.catch(() => undefined);
      await onSubmit(outcome, andNext.current);
    },
    (errors) => {
      const first = template.fields.find((field) => errors[field.id]);
      if (first) focusQuestion(formElement.current, first.id);
    },
  );
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
      setValue(field.id, value, { shouldDirty: true, shouldValidate: formState.isSubmitted });
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
        const error = errorCode(formState.errors, field.id);
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
              {fieldRequired(field, answers) && <span aria-hidden="true"> *</span>}
            </legend>
            {field.help && <p className="field-help">{field.help}</p>}
            <FieldInput field={field} register={register} dependents={dependents.get(field.id)} />
            {error && (
              <p className="problem" role="alert" data-testid="field-error" data-code={error} id={`${field.id}-error`}>
                {ERROR_WORDS[error] ?? 'Check this answer.'}
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

/** The error code the resolver gave a field, if any. */
function errorCode(errors: FieldErrors<FormValues>, fieldId: string): string | undefined {
  const error = errors[fieldId];
  return error ? String(error.message ?? error.type) : undefined;
}

/** For each field, the fields whose `showWhen` or `requireWhen` name it: re-checked when it changes (after a submit). */
function dependentFields(template: TemplateDefinition): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const field of template.fields) {
    for (const condition of [field.showWhen, field.requireWhen]) {
      if (condition) dependents.set(condition.field, [...new Set([...(dependents.get(condition.field) ?? []), field.id])]);
    }
  }
  return dependents;
}

/** Puts the focus on a question: its chosen option, else its first input. */
function focusQuestion(form: HTMLFormElement | null, fieldId: string) {
  const fieldset = form?.querySelector<HTMLElement>(`[data-field-id="${CSS.escape(fieldId)}"]`);
  (fieldset?.querySelector<HTMLElement>('input:checked') ?? fieldset?.querySelector<HTMLElement>('input, textarea'))?.focus();
}

type RegisterField = ReturnType<typeof useForm<FormValues, unknown, OutcomeAnswers>>['register'];

function FieldInput({ field, register: registerField, dependents }: { field: TemplateField; register: RegisterField; dependents: string[] | undefined }) {
  const register = (name: string) => registerField(name, dependents ? { deps: dependents } : undefined);
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
