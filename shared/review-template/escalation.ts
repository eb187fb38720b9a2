import type { TemplateDefinition } from './template-definition';
import { conditionMet, type AnswerValue } from './validate-outcome';

/** Whether an outcome meets its template's escalation rule (no rule: never). */
export function outcomeEscalates(template: TemplateDefinition, answers: Readonly<Record<string, AnswerValue>>): boolean {
  return template.escalation?.anyOf.some((condition) => conditionMet(condition, answers)) ?? false;
}
