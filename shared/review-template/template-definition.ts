import { z } from 'zod';

/**
 * A review template: the versioned definition of the review form. The server
 * validates submitted outcomes against it and the app renders its form from
 * it, so both sides read the same definition (docs/api.md, "Review templates").
 */
const fieldIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and "_"');
const optionValueSchema = z.string().regex(/^[a-z0-9][a-z0-9_]{0,63}$/, 'lower-case letters, digits and "_"');

/**
 * A condition on another field's answer. Met when that field is answered and,
 * where given, its value (or, for a multiple choice, any chosen value) is in
 * `anyOf` and not in `noneOf`.
 */
export const fieldConditionSchema = z.strictObject({
  field: fieldIdSchema,
  anyOf: z.array(optionValueSchema).min(1).max(50).optional(),
  noneOf: z.array(optionValueSchema).min(1).max(50).optional(),
});

export const templateOptionSchema = z.strictObject({
  value: optionValueSchema,
  label: z.string().min(1).max(200),
});

const commonField = {
  id: fieldIdSchema,
  label: z.string().min(1).max(300),
  help: z.string().max(2000).optional(),
  required: z.boolean().optional(),
  /** Show (and accept) the field only when the condition is met. */
  showWhen: fieldConditionSchema.optional(),
  /** Require the field when the condition is met (on top of `required`). */
  requireWhen: fieldConditionSchema.optional(),
};

export const templateFieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...commonField, type: z.literal('single_choice'), options: z.array(templateOptionSchema).min(1).max(50) }),
  z.strictObject({ ...commonField, type: z.literal('multiple_choice'), options: z.array(templateOptionSchema).min(1).max(50) }),
  z.strictObject({ ...commonField, type: z.literal('text'), maxLength: z.number().int().min(1).max(20_000).optional() }),
  z.strictObject({
    ...commonField,
    type: z.literal('number'),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().optional(),
  }),
  z.strictObject({ ...commonField, type: z.literal('date') }),
]);

/**
 * When an outcome must not wait in its batch: it escalates when any of these
 * conditions holds (a child possibly still at risk). The app pushes such an
 * outcome ahead of the rest of its outbox.
 */
export const escalationRuleSchema = z.strictObject({
  anyOf: z.array(fieldConditionSchema).min(1).max(20),
});

export const templateDefinitionSchema = z
  .strictObject({
    templateId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-"'),
    title: z.string().min(1).max(200),
    fields: z.array(templateFieldSchema).min(1).max(200),
    escalation: escalationRuleSchema.optional(),
  })
  .superRefine((definition, context) => {
    const seen = new Map<string, TemplateField>();
    definition.fields.forEach((field, index) => {
      if (seen.has(field.id)) context.addIssue({ code: 'custom', path: ['fields', index, 'id'], message: 'duplicate field id' });
      if ('options' in field) {
        const values = field.options.map((option) => option.value);
        if (new Set(values).size !== values.length) {
          context.addIssue({ code: 'custom', path: ['fields', index, 'options'], message: 'duplicate option value' });
        }
      }
      if (field.type === 'number' && field.min !== undefined && field.max !== undefined && field.min > field.max) {
        context.addIssue({ code: 'custom', path: ['fields', index, 'max'], message: 'max is below min' });
      }
      for (const key of ['showWhen', 'requireWhen'] as const) {
        const condition = field[key];
        if (!condition) continue;
        // Conditions point backwards only, so a form can be evaluated top to bottom and cycles cannot exist.
        const target = seen.get(condition.field);
        if (!target) {
          context.addIssue({ code: 'custom', path: ['fields', index, key, 'field'], message: 'must name an earlier field' });
          continue;
        }
        const values = [...(condition.anyOf ?? []), ...(condition.noneOf ?? [])];
        if (values.length > 0) {
          const options = 'options' in target ? new Set(target.options.map((option) => option.value)) : null;
          if (!options || values.some((value) => !options.has(value))) {
            context.addIssue({ code: 'custom', path: ['fields', index, key], message: 'values must be options of the named field' });
          }
        }
      }
      seen.set(field.id, field);
    });
    definition.escalation?.anyOf.forEach((condition, index) => {
      const target = seen.get(condition.field);
      const values = [...(condition.anyOf ?? []), ...(condition.noneOf ?? [])];
      const options = target && 'options' in target ? new Set(target.options.map((option) => option.value)) : null;
      if (!target || (values.length > 0 && (!options || values.some((value) => !options.has(value))))) {
        context.addIssue({ code: 'custom', path: ['escalation', 'anyOf', index], message: 'must name a field and options of it' });
      }
    });
  });

export type FieldCondition = z.infer<typeof fieldConditionSchema>;
export type EscalationRule = z.infer<typeof escalationRuleSchema>;
export type TemplateField = z.infer<typeof templateFieldSchema>;
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** A template definition as stored: the server numbers versions 1, 2, 3… per template id. */
export interface VersionedTemplate {
  readonly templateId: string;
  readonly version: number;
  readonly definition: TemplateDefinition;
}
