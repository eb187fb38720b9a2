import { canonicalJson, type JsonValue } from '../sync-protocol/canonical-json';
import type { TemplateField, VersionedTemplate } from '../review-template/template-definition';
import type { AnswerValue, OutcomeAnswers } from '../review-template/validate-outcome';
import { describeNumbers, type NumberDistribution } from './number-distribution';

/**
 * Findings: what the team's reviews say, field by field, across the outcomes
 * a lead's device holds. Pure: the app gathers the outcomes from its vault
 * and the figures are computed here, on the device; nothing is sent anywhere.
 *
 * Template versions are never silently merged. For each field, the versions
 * of its template that the outcomes answer are compared: where the field's
 * definition (everything but its help text) is the same in all of them, one
 * report covers them all and names the versions; where it differs in any
 * way (type, label, options, bounds, conditions), each version gets its own
 * report, marked as changed.
 */
export const FINDINGS_REVIEW_STATUSES = ['submitted', 'approved'] as const;
export type FindingsReviewStatus = (typeof FINDINGS_REVIEW_STATUSES)[number];

/** One review as findings read it: the endpoint's review joined with its case and batch. */
export interface FindingsOutcome {
  readonly caseId: string;
  readonly batchId: string;
  readonly borough: string;
  /** The case's period, YYYY-MM-DD. */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly reviewerId: string;
  readonly status: FindingsReviewStatus;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly answers: OutcomeAnswers;
}

/** Empty lists and null dates mean "no restriction". */
export interface FindingsFilter {
  readonly batchIds: readonly string[];
  readonly boroughs: readonly string[];
  readonly reviewerIds: readonly string[];
  readonly statuses: readonly FindingsReviewStatus[];
  /** A case is in the period when its own period overlaps [periodFrom, periodTo] (YYYY-MM-DD, inclusive). */
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
}

export const NO_FINDINGS_FILTER: FindingsFilter = { batchIds: [], boroughs: [], reviewerIds: [], statuses: [], periodFrom: null, periodTo: null };

export interface OptionFigure {
  readonly value: string;
  readonly label: string;
  readonly count: number;
  /** count ÷ the report's `outcomes` (0 when there are none). */
  readonly share: number;
}

interface FieldReportBase {
  /** Stable across filters: template, field and the versions covered. */
  readonly key: string;
  readonly templateId: string;
  readonly fieldId: string;
  readonly label: string;
  /** The template versions this report covers (ascending). */
  readonly versions: readonly number[];
  /** The field's definition differs between the versions the outcomes answer: this report is one of several. */
  readonly changedAcrossVersions: boolean;
  /** Outcomes in scope that answer one of `versions`: the denominator of every share in the report. */
  readonly outcomes: number;
  /** Of those, how many answered the field (for a multiple choice: chose at least one option). */
  readonly answered: number;
}

export interface ChoiceReport extends FieldReportBase {
  readonly type: 'single_choice' | 'multiple_choice';
  /**
   * Every option of the template, in template order, then any answered value
   * the template does not list (so nothing is dropped). For a single choice
   * the counts plus `outcomes − answered` add up to `outcomes`; for a
   * multiple choice one outcome may count towards several options, so shares
   * can add up to more than 100%.
   */
  readonly options: readonly OptionFigure[];
}

export interface NumberReport extends FieldReportBase {
  readonly type: 'number';
  /** Null when no outcome in scope answered the field. */
  readonly distribution: NumberDistribution | null;
}

/** Text is never quoted in findings (it is case data, not a figure); dates give their range. */
export interface AnsweredOnlyReport extends FieldReportBase {
  readonly type: 'text' | 'date';
  readonly earliest: string | null;
  readonly latest: string | null;
}

export type FieldReport = ChoiceReport | NumberReport | AnsweredOnlyReport;

export interface TemplateFindings {
  readonly templateId: string;
  /** The title of the newest version answered. */
  readonly title: string;
  readonly versions: readonly number[];
  readonly outcomes: number;
  readonly fields: readonly FieldReport[];
}

export interface Findings {
  /** Outcomes that pass the filter (those without a held template included). */
  readonly outcomesInScope: number;
  /** Outcomes in scope whose template version this device does not hold: counted here, in no field. */
  readonly withoutTemplate: number;
  readonly templates: readonly TemplateFindings[];
}

export function outcomePassesFilter(outcome: FindingsOutcome, filter: FindingsFilter): boolean {
  const allows = <Value>(chosen: readonly Value[], value: Value) => chosen.length === 0 || chosen.includes(value);
  return (
    allows(filter.batchIds, outcome.batchId) &&
    allows(filter.boroughs, outcome.borough) &&
    allows(filter.reviewerIds, outcome.reviewerId) &&
    allows(filter.statuses, outcome.status) &&
    (filter.periodFrom === null || outcome.periodEnd >= filter.periodFrom) &&
    (filter.periodTo === null || outcome.periodStart <= filter.periodTo)
  );
}

/**
 * Which reports exist depends on every outcome held, not on the filter, so
 * the charts stay in place while the lead filters and a count may fall to 0.
 */
export function computeFindings(outcomes: readonly FindingsOutcome[], templates: readonly VersionedTemplate[], filter: FindingsFilter): Findings {
  const definitionOf = new Map(templates.map((template) => [versionKey(template.templateId, template.version), template.definition]));
  const inScope = outcomes.filter((outcome) => outcomePassesFilter(outcome, filter));
  const answeredVersions = new Map<string, Set<number>>();
  for (const outcome of outcomes) {
    if (!definitionOf.has(versionKey(outcome.templateId, outcome.templateVersion))) continue;
    const versions = answeredVersions.get(outcome.templateId) ?? new Set<number>();
    versions.add(outcome.templateVersion);
    answeredVersions.set(outcome.templateId, versions);
  }
  const reports = [...answeredVersions.keys()].sort().map((templateId): TemplateFindings => {
    const versions = [...answeredVersions.get(templateId)!].sort((a, b) => a - b);
    const newest = definitionOf.get(versionKey(templateId, versions[versions.length - 1]!))!;
    const ofTemplate = inScope.filter((outcome) => outcome.templateId === templateId && versions.includes(outcome.templateVersion));
    const fields = fieldGroups(templateId, versions, definitionOf).map((group) =>
      fieldReport(
        templateId,
        group,
        ofTemplate.filter((outcome) => group.versions.includes(outcome.templateVersion)),
      ),
    );
    return { templateId, title: newest.title, versions, outcomes: ofTemplate.length, fields };
  });
  return {
    outcomesInScope: inScope.length,
    withoutTemplate: inScope.filter((outcome) => !definitionOf.has(versionKey(outcome.templateId, outcome.templateVersion))).length,
    templates: reports,
  };
}

interface FieldGroup {
  readonly field: TemplateField;
  readonly versions: readonly number[];
  readonly changed: boolean;
}

/** Fields in the newest version's order, then fields only older versions have; a changed field splits per version. */
function fieldGroups(templateId: string, versions: readonly number[], definitionOf: ReadonlyMap<string, { readonly fields: readonly TemplateField[] }>): FieldGroup[] {
  const byField = new Map<string, { field: TemplateField; version: number }[]>();
  for (const version of [...versions].reverse()) {
    for (const field of definitionOf.get(versionKey(templateId, version))!.fields) {
      byField.set(field.id, [...(byField.get(field.id) ?? []), { field, version }]);
    }
  }
  const groups: FieldGroup[] = [];
  for (const occurrences of byField.values()) {
    const ascending = [...occurrences].sort((a, b) => a.version - b.version);
    const signatures = new Set(ascending.map(({ field }) => fieldSignature(field)));
    if (signatures.size === 1) {
      groups.push({ field: ascending[ascending.length - 1]!.field, versions: ascending.map(({ version }) => version), changed: false });
    } else {
      for (const { field, version } of ascending) groups.push({ field, versions: [version], changed: true });
    }
  }
  return groups;
}

function fieldSignature(field: TemplateField): string {
  const { help: _help, ...meaning } = field;
  return canonicalJson(meaning as unknown as JsonValue);
}

function fieldReport(templateId: string, group: FieldGroup, outcomes: readonly FindingsOutcome[]): FieldReport {
  const { field, versions, changed } = group;
  const answers = outcomes.map((outcome) => outcome.answers[field.id]).filter((answer) => answer !== undefined);
  const base = {
    key: `${templateId}:${field.id}:v${versions.join('+')}`,
    templateId,
    fieldId: field.id,
    label: field.label,
    versions,
    changedAcrossVersions: changed,
    outcomes: outcomes.length,
  };
  switch (field.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const chosen = answers.map(chosenValues).filter((values) => values.length > 0);
      return { ...base, type: field.type, answered: chosen.length, options: optionFigures(field.options, chosen, outcomes.length) };
    }
    case 'number': {
      const values = answers.filter((answer): answer is number => typeof answer === 'number');
      return { ...base, type: 'number', answered: values.length, distribution: describeNumbers(values, field.integer === true) };
    }
    case 'text':
    case 'date': {
      const texts = answers.filter((answer): answer is string => typeof answer === 'string' && answer.length > 0).sort();
      const dated = field.type === 'date' && texts.length > 0;
      return { ...base, type: field.type, answered: texts.length, earliest: dated ? texts[0]! : null, latest: dated ? texts[texts.length - 1]! : null };
    }
  }
}

/** Each outcome counts once per option, even if a value were repeated. */
function chosenValues(answer: AnswerValue): readonly string[] {
  if (typeof answer === 'string') return answer.length > 0 ? [answer] : [];
  if (Array.isArray(answer)) return [...new Set(answer)];
  return [];
}

function optionFigures(options: readonly { readonly value: string; readonly label: string }[], chosen: readonly (readonly string[])[], total: number): OptionFigure[] {
  const counts = new Map<string, number>(options.map((option) => [option.value, 0]));
  for (const values of chosen) for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const labelOf = new Map(options.map((option) => [option.value, option.label]));
  return [...counts].map(([value, count]) => ({
    value,
    label: labelOf.get(value) ?? `${value} (not an option of this version)`,
    count,
    share: total === 0 ? 0 : count / total,
  }));
}

function versionKey(templateId: string, version: number): string {
  return `${templateId}@${version}`;
}

/** The distinct batches, boroughs and reviewers among the outcomes held, for the filter controls. */
export function findingsFilterChoices(outcomes: readonly FindingsOutcome[]): { batchIds: string[]; boroughs: string[]; reviewerIds: string[] } {
  const distinct = (pick: (outcome: FindingsOutcome) => string) => [...new Set(outcomes.map(pick))].sort();
  return { batchIds: distinct((outcome) => outcome.batchId), boroughs: distinct((outcome) => outcome.borough), reviewerIds: distinct((outcome) => outcome.reviewerId) };
}
