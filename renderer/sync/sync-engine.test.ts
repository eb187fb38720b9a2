import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ApiAnswer } from '../../shared/ipc/network-contract';
import type { IpcResult } from '../../shared/ipc/ipc-result';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import type { PushRequest, PushResponse } from '../../shared/sync-protocol/push';
import { makeTestVault } from '../vault/vault-test-support';
import type { NetworkPort } from './network-port';
import { sealOutboxEntries } from './outbox';
import { SyncEngine, type SyncTimers } from './sync-engine';
import { SYNC_STATE_IDS, sealSyncState, syncTables } from './sync-records';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { submitOutcome } from './submit-outcome';

const VALID = {
  classification: 'group_based',
  suspect_count: 2,
  recommendation: 'reinvestigate',
  urgency: 'priority',
  rationale: 'Linked offending was not pursued.',
  reviewer_confidence: 'medium',
};

/**
 * The engine's own rules, against a scripted endpoint (no HTTP): one push in
 * flight, Retry-After honoured, offline decided by the probe.
 */
const ok = <Body>(body: Body): IpcResult<ApiAnswer<Body>> => ({ ok: true, value: { kind: 'ok', status: 200, body } });

type PushPagesInput = { token: string; requests: PushRequest[]; continues?: true };
type PushPagesCall = (input: PushPagesInput) => Promise<IpcResult<ApiAnswer<PushResponse>[]>>;

/**
 * Main's order for `pushPages` (network-handlers.ts): one call at a time in
 * arrival order, and a continuation refused, unsent, unless the call before it
 * was answered ok in full.
 */
function inMainOrder(pushPages: PushPagesCall): PushPagesCall {
  let queue: Promise<unknown> = Promise.resolve();
  let lastComplete = false;
  return (input) => {
    const call = queue.then(async (): Promise<IpcResult<ApiAnswer<PushResponse>[]>> => {
      const follows = lastComplete;
      lastComplete = false;
      if (input.continues && !follows) return { ok: false, error: { code: 'PushOutOfSequence', message: 'refused' } };
      const result = await pushPages(input);
      lastComplete = result.ok && result.value.length === input.requests.length && result.value.every((answer) => answer.kind === 'ok');
      return result;
    });
    queue = call.catch(() => undefined);
    return call;
  };
}

function scriptedNetwork(overrides: Partial<Record<keyof NetworkPort, (input?: unknown) => Promise<unknown>>> = {}) {
  const stats = { pushes: 0, inFlight: 0, maxInFlight: 0, healthChecks: 0, pushCalls: 0, callsInFlight: 0, maxCallsInFlight: 0 };
  const network: Record<string, (input: never) => Promise<unknown>> = {
    status: async () => ({ ok: true, value: { origin: 'http://127.0.0.1:1', pinned: false } }),
    enrol: async () => ({ ok: false, error: { code: 'NotEnrolled', message: '' } }),
    forget: async () => ({ ok: true, value: undefined }),
    health: async () => {
      stats.healthChecks++;
      return ok({ status: 'ok', api: 'v1' });
    },
    pull: async () => ok({ changes: [], cursor: 'c0', hasMore: false }),
    uploadAudit: async (input: { request: { events: { hash: string }[] } }) =>
      ok({ accepted: input.request.events.length, duplicates: 0, lastHash: input.request.events.at(-1)!.hash }),
    push: async (input: { request: PushRequest }) => {
      stats.pushes++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      stats.inFlight--;
      const body: PushResponse = {
        results: input.request.mutations.map((mutation) => ({ mutationId: mutation.mutationId, status: 'applied', version: 1 })),
      };
      return ok(body);
    },
    // As main does: the pages one after another, stopping at the first answer that is not ok.
    pushPages: inMainOrder(async (input) => {
      stats.pushCalls++;
      stats.callsInFlight++;
      stats.maxCallsInFlight = Math.max(stats.maxCallsInFlight, stats.callsInFlight);
      try {
        const answers: unknown[] = [];
        for (const request of input.requests) {
          const result = (await network.push!({ token: input.token, request } as never)) as IpcResult<ApiAnswer<PushResponse>>;
          if (!result.ok) {
            if (answers.length === 0) return result;
            break;
          }
          answers.push(result.value);
          if (result.value.kind !== 'ok') break;
        }
        return { ok: true, value: answers as ApiAnswer<PushResponse>[] };
      } finally {
        stats.callsInFlight--;
      }
    }) as never,
    ...overrides,
  };
  return { network: network as unknown as NetworkPort, stats };
}

async function enrolledVault(outcomes: number) {
  const { vault } = makeTestVault();
  await vault.create('correct horse battery staple');
  const tables = syncTables(vault);
  const credentials = {
    origin: 'http://127.0.0.1:1', deviceId: 'dev_1', userId: 'alice', role: 'reviewer', token: `dev_1.${'a'.repeat(43)}`,
    deviceName: 'x', publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }, enrolledAt: new Date().toISOString(),
    signingKeyPkcs8: await pkcs8(),
  };
  await vault.commit([await sealSyncState(tables, SYNC_STATE_IDS.device, credentials)]);
  const cases = generateSyntheticCases({ seed: 3, count: outcomes });
  await vault.putCases('batch-1', cases);
  return { vault, tables, cases };
}

async function pkcs8(): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
}

/**
 * Records every delay asked for; those shorter than `firingBelowMs` fire at
 * once, longer ones (the next periodic run) are only recorded, so a test's
 * runs end.
 */
/** One ordinary outcome per case, queued in the outbox as a submission would queue it. */
async function queueBacklog(
  vault: Awaited<ReturnType<typeof enrolledVault>>['vault'],
  tables: Awaited<ReturnType<typeof enrolledVault>>['tables'],
  engine: SyncEngine,
  cases: readonly { caseId: string }[],
): Promise<void> {
  const items = cases.map((caseFile) => ({
    batchId: 'batch-1',
    mutation: {
      mutationId: createUuidV7(),
      type: 'review.submit' as const,
      caseId: caseFile.caseId,
      baseVersion: 0,
      payload: { templateId: 'cse-review', templateVersion: 1, answers: { classification: 'online' } },
    },
  }));
  await vault.commit([await sealOutboxEntries(tables, items, engine.outboxOrder, new Date().toISOString())]);
}

function recordingTimers(firingBelowMs = 0): SyncTimers & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    setTimeout: (callback, ms) => {
      delays.push(ms);
      return ms < firingBelowMs ? setTimeout(callback, 1) : null;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

describe('sync engine rules', () => {
  it('never has two pushes in flight, even when syncs are requested during a run', async () => {
    const { vault, tables, cases } = await enrolledVault(250);
    const { network, stats } = scriptedNetwork();
    const engine = new SyncEngine({ vault, network, onRevoked: async () => undefined, periodMs: 3_600_000, timers: recordingTimers(0), pushPageSize: 20 });
    await engine.start();
    await engine.requestSync();
    await queueBacklog(vault, tables, engine, cases);
    await Promise.all([engine.requestSync(), engine.requestSync(), engine.requestSync()]);
    engine.stop();
    expect(stats.pushes).toBe(Math.ceil(250 / 20));
    expect(stats.maxInFlight).toBe(1);
    expect(stats.maxCallsInFlight).toBe(1);
    expect(await tables.outbox.count()).toBe(0);
  });

  it('sends the pages a call left unanswered again, and no answered mutation twice', async () => {
    const { vault, tables, cases } = await enrolledVault(250);
    const { network } = scriptedNetwork();
    const answered: string[] = [];
    let calls = 0;
    let widest = 0;
    const cutShort = {
      ...network,
      // Every other call loses its connection after the first page (main answers that page only).
      pushPages: inMainOrder(async (input) => {
        widest = Math.max(widest, input.requests.length);
        const requests = calls++ % 2 === 1 ? input.requests.slice(0, 1) : input.requests;
        const answers: ApiAnswer<PushResponse>[] = [];
        for (const request of requests) {
          const result = await (network.push as unknown as (input: unknown) => Promise<IpcResult<ApiAnswer<PushResponse>>>)({ token: input.token, request });
          if (result.ok) answers.push(result.value);
        }
        for (const request of requests) answered.push(...request.mutations.map((mutation) => mutation.mutationId));
        return { ok: true, value: answers };
      }),
    } as unknown as NetworkPort;
    const engine = new SyncEngine({ vault, network: cutShort, onRevoked: async () => undefined, periodMs: 3_600_000, timers: recordingTimers(0), pushPageSize: 10 });
    await engine.start();
    await engine.requestSync();
    await queueBacklog(vault, tables, engine, cases);
    await engine.requestSync();
    engine.stop();
    expect(widest).toBeGreaterThan(1);
    expect(answered).toHaveLength(250);
    expect(new Set(answered).size).toBe(250);
    expect(await tables.outbox.count()).toBe(0);
    expect(engine.snapshot()).toMatchObject({ waiting: 0, pushedThisRun: 250 });
  });

  it('pushes an escalated outcome ahead of a backlog queued before it', async () => {
    const { vault, tables, cases } = await enrolledVault(251);
    await vault.commit([
      await tables.templates.seal([{ id: 'cse-review', clear: {}, value: { templateId: 'cse-review', versions: { '1': DEFAULT_CSE_REVIEW_TEMPLATE } } }]),
    ]);
    const firstPages: string[][] = [];
    const { network } = scriptedNetwork();
    const recording = {
      ...network,
      pushPages: async (input: { requests: PushRequest[] }) => {
        for (const request of input.requests) firstPages.push(request.mutations.map((mutation) => mutation.caseId));
        return (network.pushPages as unknown as (input: unknown) => Promise<unknown>)(input);
      },
    } as unknown as NetworkPort;
    const engine = new SyncEngine({ vault, network: recording, onRevoked: async () => undefined, periodMs: 3_600_000, timers: recordingTimers(0), pushPageSize: 100 });
    await queueBacklog(vault, tables, engine, cases.slice(0, 250));
    const urgent = cases[250]!.caseId;
    await submitOutcome(vault, engine.outboxOrder, {
      caseId: urgent,
      templateId: 'cse-review',
      templateVersion: 1,
      answers: { ...VALID, urgency: 'immediate' },
    });
    await engine.start();
    await engine.requestSync();
    engine.stop();
    expect(firstPages[0]![0]).toBe(urgent);
    expect(firstPages.flat()).toHaveLength(251);
  });

  it('sends an outcome escalated during a push in that same push', async () => {
    const { vault, tables, cases } = await enrolledVault(601);
    await vault.commit([
      await tables.templates.seal([{ id: 'cse-review', clear: {}, value: { templateId: 'cse-review', versions: { '1': DEFAULT_CSE_REVIEW_TEMPLATE } } }]),
    ]);
    const urgent = cases[600]!.caseId;
    const sent: string[] = [];
    const sentInRun = new Map<string, number>();
    let runs = 0;
    let engine: SyncEngine | null = null;
    const { network } = scriptedNetwork();
    const recording = {
      ...network,
      pushPages: async (input: { requests: PushRequest[] }) => {
        // Queued while the first call travels, after the first pages were read.
        if (sent.length === 0) {
          await submitOutcome(vault, engine!.outboxOrder, { caseId: urgent, templateId: 'cse-review', templateVersion: 1, answers: { ...VALID, urgency: 'immediate' } });
        }
        for (const request of input.requests) {
          for (const mutation of request.mutations) {
            sent.push(mutation.caseId);
            sentInRun.set(mutation.caseId, runs);
          }
        }
        return (network.pushPages as unknown as (input: unknown) => Promise<unknown>)(input);
      },
    } as unknown as NetworkPort;
    engine = new SyncEngine({ vault, network: recording, onRevoked: async () => undefined, periodMs: 3_600_000, timers: recordingTimers(0), pushPageSize: 20 });
    engine.subscribe((status) => {
      if (status.phase === 'probing') runs++;
    });
    await queueBacklog(vault, tables, engine, cases.slice(0, 600));
    await engine.start();
    await engine.requestSync();
    engine.stop();
    expect(sent).toHaveLength(601);
    expect(sent.indexOf(urgent)).toBeGreaterThan(0);
    expect(sentInRun.get(urgent)).toBe(sentInRun.get(cases[0]!.caseId));
    expect(await tables.outbox.count()).toBe(0);
  });

  it("waits at least the endpoint's Retry-After before trying again", async () => {
    const { vault } = await enrolledVault(1);
    const timers = recordingTimers(3_600_000);
    let refusals = 0;
    const { network } = scriptedNetwork({
      pull: async () =>
        ++refusals <= 3
          ? { ok: true, value: { kind: 'api-error', status: 429, code: 'rate_limited', message: 'Slow down.', retryAfterSeconds: 7 } }
          : ok({ changes: [], cursor: 'c1', hasMore: false }),
    });
    const engine = new SyncEngine({ vault, network, onRevoked: async () => undefined, timers, periodMs: 3_600_000, triesPerRequest: 2, retryPolicy: { baseMs: 1, capMs: 2 } });
    await engine.start();
    await engine.requestSync();
    engine.stop();
    // Three refusals: each wait (a retry inside a run, or the next run) honoured the 7 s.
    const waits = timers.delays.filter((delay) => delay < 3_600_000);
    expect(waits).toHaveLength(3);
    expect(waits.every((delay) => delay >= 7_000)).toBe(true);
    expect(engine.snapshot()).toMatchObject({ problem: null, online: true });
  });

  it('is offline when the health probe fails, whatever navigator.onLine says, and keeps every outcome', async () => {
    const { vault } = await enrolledVault(1);
    const { network, stats } = scriptedNetwork({ health: async () => ({ ok: false, error: { code: 'EndpointUnreachable', message: '' } }) });
    const engine = new SyncEngine({ vault, network, onRevoked: async () => undefined, timers: recordingTimers(0), triesPerRequest: 1 });
    await engine.start();
    await engine.requestSync();
    engine.stop();
    expect(engine.snapshot()).toMatchObject({ online: false, problem: null });
    expect(stats.pushes).toBe(0);
    expect(engine.snapshot().nextAttemptAt).not.toBeNull();
  });

  it('says what each pulled page wrote: the cases, the batches, a reviewed case re-statused, an erased batch', async () => {
    const { vault, cases } = await enrolledVault(3);
    const fresh = generateSyntheticCases({ seed: 4, count: 2 }).map((caseFile, index) => ({ ...caseFile, caseId: `case-new-${index}` }));
    const batch = { batchId: 'batch-2', name: 'North 2', assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', templateVersion: 1, dueDate: null, caseIds: fresh.map((c) => c.caseId) };
    const returned = {
      caseId: cases[0]!.caseId, version: 1, status: 'returned' as const, templateId: 'cse-review', templateVersion: 1, answers: VALID,
      reviewerId: 'alice', submittedAt: '2026-11-30T10:00:00Z', qc: { decision: 'return' as const, comment: 'More detail.', leadId: 'lead', reviewVersion: 1, decidedAt: '2026-12-01T10:00:00Z' },
    };
    const batchOne = { ...batch, batchId: 'batch-1', name: 'North 1', caseIds: cases.map((c) => c.caseId) };
    const pages = [
      { changes: [{ kind: 'batch', batch: batchOne }, { kind: 'batch', batch }, ...fresh.map((caseFile) => ({ kind: 'case', batchId: 'batch-2', case: caseFile, linkedReferences: [] }))], cursor: 'c1', hasMore: true },
      { changes: [{ kind: 'review', review: returned }], cursor: 'c2', hasMore: true },
      { changes: [{ kind: 'removal', batchId: 'batch-2', caseIds: fresh.map((c) => c.caseId) }], cursor: 'c3', hasMore: false },
    ];
    let pulls = 0;
    const { network } = scriptedNetwork({ pull: async () => ok(pages[pulls++]) });
    const engine = new SyncEngine({ vault, network, onRevoked: async () => undefined, periodMs: 3_600_000, timers: recordingTimers(0) });
    const announced: unknown[] = [];
    engine.subscribeChanges((changes) => announced.push(changes));
    await engine.start();
    await engine.requestSync();
    engine.stop();
    expect(announced).toEqual([
      { caseIds: fresh.map((c) => c.caseId), batchIds: ['batch-1', 'batch-2'], erasedBatchIds: [] },
      { caseIds: [cases[0]!.caseId], batchIds: [], erasedBatchIds: [] },
      { caseIds: [], batchIds: [], erasedBatchIds: ['batch-2'] },
    ]);
    expect((await vault.getCase(cases[0]!.caseId))?.status).toBe('returned');
  });
});
