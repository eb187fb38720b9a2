import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { buildPersonIndex, connectionsOf, type LocalCase } from './person-connections';

const [a, b, c, d] = generateSyntheticCases({ seed: 21, count: 4 }).map((caseFile, index) => ({
  ...caseFile,
  victimIds: [`victim-${index}`],
  suspectIds: [`suspect-${index}`],
}));
const local: LocalCase[] = [
  { caseFile: { ...a!, suspectIds: ['suspect-shared', 'suspect-0'] }, batchId: 'batch-1' },
  { caseFile: { ...b!, victimIds: ['suspect-shared'] }, batchId: 'batch-1' },
  { caseFile: { ...c!, suspectIds: ['suspect-shared'] }, batchId: 'batch-2' },
  { caseFile: d!, batchId: 'batch-2' },
];
const index = buildPersonIndex(local);

describe('person connections', () => {
  it('lists every local case sharing a person, with the role in each case', () => {
    const connections = connectionsOf(local[0]!.caseFile, index, []);
    expect(connections.map((connection) => connection.caseId)).toEqual(expect.arrayContaining([b!.caseId, c!.caseId]));
    expect(connections).toHaveLength(2);
    const withB = connections.find((connection) => connection.caseId === b!.caseId)!;
    expect(withB.sharedPeople).toEqual([{ personId: 'suspect-shared', roleHere: 'suspect', roleThere: 'victim' }]);
    expect(withB.batchId).toBe('batch-1');
    expect(withB.fromEndpoint).toBe(false);
  });

  it('is symmetric: the shared person shows up from both cases', () => {
    expect(connectionsOf(local[2]!.caseFile, index, []).map((connection) => connection.caseId)).toContain(a!.caseId);
    expect(connectionsOf(local[1]!.caseFile, index, []).map((connection) => connection.caseId)).toContain(a!.caseId);
  });

  it("adds the endpoint's linked references: local ones become openable, unknown ones are listed by reference only", () => {
    const connections = connectionsOf(local[3]!.caseFile, index, [c!.reference, 'REF-ELSEWHERE', d!.reference]);
    expect(connections).toEqual([
      { reference: c!.reference, caseId: c!.caseId, batchId: 'batch-2', sharedPeople: [], fromEndpoint: true },
      { reference: 'REF-ELSEWHERE', caseId: null, batchId: null, sharedPeople: [], fromEndpoint: true },
    ]);
  });

  it('marks a local match the endpoint also reported, once', () => {
    const connections = connectionsOf(local[0]!.caseFile, index, [b!.reference]);
    expect(connections.filter((connection) => connection.reference === b!.reference)).toEqual([
      expect.objectContaining({ caseId: b!.caseId, fromEndpoint: true, sharedPeople: [expect.objectContaining({ personId: 'suspect-shared' })] }),
    ]);
  });

  it('finds nothing for a case sharing no one', () => {
    expect(connectionsOf(local[3]!.caseFile, index, [])).toEqual([]);
  });
});
