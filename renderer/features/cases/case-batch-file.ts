import { caseFileSchema, type CaseFile } from '../../../shared/domain/case-file';

/**
 * A case batch file: a JSON array of case files, as the central endpoint
 * exports them. Every entry is validated; a problem is reported by position
 * and field name only, never by the value (it may be case content).
 */
export const MAX_BATCH_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_CASES_PER_BATCH = 20_000;

export type CaseBatchParse =
  | { readonly ok: true; readonly cases: readonly CaseFile[] }
  | { readonly ok: false; readonly problem: string };

export function parseCaseBatchFile(text: string): CaseBatchParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'The file is not valid JSON.' };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'The file must hold a JSON array of case files.' };
  if (parsed.length === 0) return { ok: false, problem: 'The file holds no case files.' };
  if (parsed.length > MAX_CASES_PER_BATCH) {
    return { ok: false, problem: `A batch holds at most ${MAX_CASES_PER_BATCH} case files.` };
  }
  const cases: CaseFile[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of parsed.entries()) {
    const result = caseFileSchema.safeParse(entry);
    if (!result.success) {
      const field = result.error.issues[0]?.path.map(String).join('.') || 'entry';
      return { ok: false, problem: `Case file ${index + 1}: the field "${field}" is missing or not valid.` };
    }
    if (seen.has(result.data.caseId)) {
      return { ok: false, problem: `Case file ${index + 1}: its case id appears twice in the file.` };
    }
    seen.add(result.data.caseId);
    cases.push(result.data);
  }
  return { ok: true, cases };
}
