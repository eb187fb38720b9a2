import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateOutcome } from '../../shared/review-template/validate-outcome';
import type { CaseFile } from '../../shared/domain/case-file';
import { GENESIS_HASH, sealAuditEvent } from '../../shared/sync-protocol/audit';
import type { Mutation } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { mutationContentHash } from '../sync/mutation-content-hash';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from '../test-support/postgres-for-tests';
import { NOW, seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';
import { FieldCipher, generateServerKeys, SealedValueError } from './field-cipher';
import { openStorage } from './open-storage';
import type { Storage } from './storage';

/** Distinct strings that must never be found in the database's bytes. */
const CANARY = {
  reference: 'CNRYREF7731',
  linkedReference: 'CNRYREF7732',
  summary: 'canary-summary-teal-heron',
  offence: 'canary-offence-amber-lynx',
  outcome: 'canary-outcome-slate-owl',
  documentTitle: 'canary-doc-title-ochre-fox',
  excerpt: 'canary-excerpt-umber-wren',
  victimId: 'cnry-victim-4411',
  suspectId: 'cnry-suspect-4412',
  rationale: 'canary-rationale-cobalt-newt',
  qcComment: 'canary-qc-comment-jade-moth',
  auditDetail: 'canary-audit-detail-rust-vole',
};

const postgres = await probePostgres();
if (!postgres.available) console.log(`data at rest: skipping PostgreSQL — ${postgres.reason}`);
const pgDump = (() => {
  try {
    execFileSync('pg_dump', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
if (postgres.available && !pgDump) console.log('data at rest: pg_dump not found — the PostgreSQL scan reads the tables as text instead');

interface Target {
  readonly name: string;
  readonly open: (keys: ReturnType<typeof generateServerKeys>) => { storage: Storage; bytes: () => Buffer; cleanup: () => Promise<void> };
}

const folder = mkdtempSync(path.join(tmpdir(), 'casedesk-at-rest-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const targets: Target[] = [
  {
    name: 'sqlite',
    open: (keys) => {
      const database = path.join(folder, `at-rest-${createUuidV7()}.sqlite`);
      const storage = openStorage(database, { keys });
      // Every file SQLite wrote: the database, and the WAL and SHM where they remain.
      const bytes = () => Buffer.concat(readdirSync(folder).filter((name) => name.startsWith(path.basename(database))).map((name) => readFileSync(path.join(folder, name))));
      return { storage, bytes, cleanup: () => Promise.resolve() };
    },
  },
];
if (postgres.available) {
  targets.push({
    name: 'postgres',
    open: (keys) => {
      const url = freshSchemaUrl(postgres.baseUrl);
      const storage = openStorage(url, { poolSize: 2, keys });
      const schema = new URL(url).searchParams.get('schema')!;
      const base = new URL(postgres.baseUrl);
      const bytes = () =>
        execFileSync('pg_dump', ['--schema', schema, '--data-only', '-h', base.hostname, '-p', base.port || '5432', '-U', decodeURIComponent(base.username) || 'postgres', base.pathname.slice(1) || 'test'], {
          env: { ...process.env, PGPASSWORD: decodeURIComponent(base.password) },
          maxBuffer: 256 * 1024 * 1024,
        });
      return { storage, bytes, cleanup: () => dropSchemaOf(url) };
    },
  });
}

function canaryCases(): CaseFile[] {
  const [first, second] = generateSyntheticCases({ seed: 909, count: 2 });
  return [
    {
      ...first!,
      caseId: 'case-canary-1',
      reference: CANARY.reference,
      summary: `Summary ${CANARY.summary}.`,
      offences: [CANARY.offence],
      originalOutcome: CANARY.outcome,
      documents: [{ documentId: 'doc-canary', title: CANARY.documentTitle, excerpt: `Excerpt ${CANARY.excerpt}` }],
      victimIds: [CANARY.victimId],
      suspectIds: [CANARY.suspectId],
    },
    // Shares the victim: each must still list the other's reference as linked.
    { ...second!, caseId: 'case-canary-2', reference: CANARY.linkedReference, victimIds: [CANARY.victimId], suspectIds: [] },
  ];
}

describe.each(targets)('server data at rest: $name', (target) => {
  it("holds none of a case's canaries, nor its review's or audit's, in the database's bytes", async () => {
    const keys = generateServerKeys();
    const { storage, bytes, cleanup } = target.open(keys);
    try {
      await storage.migrate(NOW);
      await seedReviewWorld(storage);
      const cases = canaryCases();
      await storage.importCases(cases, NOW);
      await storage.createBatch(
        { batchId: 'batch-canary', name: 'Canary', caseIds: cases.map((file) => file.caseId), assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', dueDate: null },
        NOW,
      );
      await storage.createEnrolmentCode({ codeHash: 'c1', userId: 'alice', expiresAt: '2999-01-01T00:00:00.000Z' }, NOW);
      await storage.redeemEnrolmentCode('c1', { deviceId: 'dev-alice', name: 'laptop', publicKey: '{}', tokenHash: 'h' }, NOW);
      await storage.createEnrolmentCode({ codeHash: 'c2', userId: 'lead', expiresAt: '2999-01-01T00:00:00.000Z' }, NOW);
      await storage.redeemEnrolmentCode('c2', { deviceId: 'dev-lead', name: 'laptop', publicKey: '{}', tokenHash: 'h' }, NOW);
      const caseId = cases[0]!.caseId;
      const submit: Mutation = {
        mutationId: createUuidV7(),
        type: 'review.submit',
        caseId,
        baseVersion: 0,
        payload: { templateId: 'cse-review', templateVersion: 1, answers: { ...VALID_ANSWERS, rationale: CANARY.rationale } },
      };
      // A second submit on the stale base is a conflict: its stored result carries the current answers.
      const stale: Mutation = { ...submit, mutationId: createUuidV7() };
      const results = await storage.applyMutations(
        [submit, stale].map((mutation) => ({ mutation, userId: 'alice', deviceId: 'dev-alice', contentHash: mutationContentHash(mutation), now: NOW, checkAnswers: validateOutcome })),
      );
      expect(results.map((result) => result.status)).toEqual(['applied', 'conflict']);
      const decide: Mutation = { mutationId: createUuidV7(), type: 'qc.decide', caseId, baseVersion: 1, payload: { decision: 'return', comment: CANARY.qcComment } };
      expect((await storage.applyMutation({ mutation: decide, userId: 'lead', deviceId: 'dev-lead', contentHash: mutationContentHash(decide), now: NOW })).status).toBe('applied');
      const event = await sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: NOW, userId: 'alice', deviceId: 'dev-alice', caseId, detail: CANARY.auditDetail }, GENESIS_HASH);
      await storage.appendAuditEvents('dev-alice', [event], NOW);

      // Everything still reads back, and the links still work through the person tags.
      expect(await storage.getCase(caseId)).toEqual(cases[0]);
      const review = await storage.getReview(caseId);
      expect(review).toMatchObject({ answers: { rationale: CANARY.rationale }, qc: { comment: CANARY.qcComment } });
      const pulled = [];
      for (let cursor = 0, more = true; more; ) {
        const page = await storage.pullChanges('alice', cursor, 100);
        pulled.push(...page.changes);
        cursor = page.lastSequence;
        more = page.hasMore;
      }
      const canaryCase = pulled.find((change) => change.kind === 'case' && change.case.caseId === caseId);
      expect(canaryCase).toMatchObject({ linkedReferences: [CANARY.linkedReference] });
    } finally {
      await storage.close();
    }
    try {
      const text = bytes().toString('latin1');
      expect(text.length).toBeGreaterThan(1000);
      // The scan can find things: the clear user names are there.
      expect(text).toContain('Alice');
      const found = Object.entries(CANARY).filter(([, canary]) => text.includes(canary) || text.includes(Buffer.from(canary, 'utf8').toString('hex')));
      expect(found.map(([name]) => name)).toEqual([]);
    } finally {
      await cleanup();
    }
  }, 60_000);
});

describe('sealed values', () => {
  it('do not open in another row, column or under another key, and never say what they hold', () => {
    const keys = generateServerKeys();
    const cipher = new FieldCipher(keys);
    const sealed = cipher.seal('cases.content', 'case-1', CANARY.summary);
    expect(sealed.startsWith('cdx1.k1.')).toBe(true);
    expect(cipher.open('cases.content', 'case-1', sealed)).toBe(CANARY.summary);
    const refusals = [
      () => cipher.open('cases.content', 'case-2', sealed),
      () => cipher.open('cases.reference', 'case-1', sealed),
      () => new FieldCipher(generateServerKeys()).open('cases.content', 'case-1', sealed),
      () => cipher.open('cases.content', 'case-1', sealed.replace('cdx1.k1.', 'cdx1.k2.')),
      () => cipher.open('cases.content', 'case-1', `${sealed.slice(0, -2)}AA`),
      () => cipher.open('cases.content', 'case-1', CANARY.summary),
    ];
    for (const refuse of refusals) {
      expect(refuse).toThrow(SealedValueError);
      try {
        refuse();
      } catch (error) {
        expect((error as Error).message).not.toContain(CANARY.summary);
      }
    }
    expect(cipher.personTag('p-1')).toBe(cipher.personTag('p-1'));
    expect(cipher.personTag('p-1')).not.toBe(new FieldCipher(generateServerKeys()).personTag('p-1'));
  });
});
