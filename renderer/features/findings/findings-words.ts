import type { FieldReport } from '../../../shared/findings/compute-findings';

/** The words around the findings' figures. */
export function versionsWords(versions: readonly number[]): string {
  return versions.length === 1 ? `version ${versions[0]}` : `versions ${versions.slice(0, -1).join(', ')} and ${versions[versions.length - 1]}`;
}

/** Why a report covers the versions it does; said beside the chart, so no merge is silent. */
export function versionNote(report: FieldReport): string {
  return report.changedAcrossVersions
    ? `Template ${versionsWords(report.versions)} only: this question changed between versions, so each version is reported on its own.`
    : `Template ${versionsWords(report.versions)}.`;
}

/** What a share is a share of. */
export function shareBaseWords(report: FieldReport): string {
  const base = `Shares are of the ${report.outcomes} outcome${report.outcomes === 1 ? '' : 's'} in scope`;
  return report.type === 'multiple_choice' ? `${base}; one outcome may choose several options, so shares can add up to more than 100%.` : `${base}.`;
}
