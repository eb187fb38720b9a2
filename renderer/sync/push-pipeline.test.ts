import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../shared/sync-protocol/push';
import { runPushPipeline, type OutboxPage, type PushPipelineShape, type PushPipelineSteps } from './push-pipeline';

/**
 * The pipeline's own rules against an in-memory outbox and a stand-in for
 * main (calls posted one at a time, in arrival order; a continuation refused
 * unless the call before it was answered in full): requests in order, each
 * entry sent once, every answer stored before the run ends (even one that
 * fails), nothing sent after a failed commit.
 */
const SHAPE: PushPipelineShape = { pageSize: 10, pagesAhead: 6, pagesPerSend: 3, pagesPerCommit: 2, sendsInFlight: 2 };

class OutOfSequence extends Error {}

/** `sendTicks`: how long main takes per call, against one tick per page read. */
function memoryOutbox(count: number, sendTicks = 1) {
  const queued = Array.from({ length: count }, (_, index) => `m${String(index).padStart(4, '0')}`);
  const sent: string[][] = [];
  const stored: string[][] = [];
  let sending = 0;
  let mostSending = 0;
  let continuations = 0;
  let refused = 0;
  /** Main's queue: one call at a time, in the order calls arrive. */
  let mainQueue: Promise<unknown> = Promise.resolve();
  let lastComplete = false;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const steps: PushPipelineSteps = {
    async read(limit, exclude) {
      await tick();
      return queued
        .filter((id) => !exclude.has(id))
        .slice(0, limit)
        .map((id) => ({ id, clear: { batchId: 'b', order: 0, state: 'queued' as const }, value: { mutation: { mutationId: id } } })) as unknown as OutboxPage;
    },
    send(pages, continues) {
      if (continues) continuations++;
      const call = mainQueue.then(async () => {
        const follows = lastComplete;
        lastComplete = false;
        if (continues && !follows) {
          refused++;
          throw new OutOfSequence('refused');
        }
        mostSending = Math.max(mostSending, ++sending);
        for (let waited = 0; waited < sendTicks; waited++) await tick();
        sending--;
        for (const page of pages) sent.push(page.map((entry) => entry.id));
        lastComplete = true;
        return pages.map((page) => page.map((entry): MutationResult => ({ mutationId: entry.id, status: 'applied', version: 1 })));
      });
      mainQueue = call.catch(() => undefined);
      return call;
    },
    async store(entries, results) {
      await tick();
      expect(results.map((result) => result.mutationId)).toEqual(entries.map((entry) => entry.id));
      const ids = new Set(entries.map((entry) => entry.id));
      queued.splice(0, queued.length, ...queued.filter((id) => !ids.has(id)));
      stored.push([...ids]);
      return { applied: entries.length, conflicts: 0, rejected: 0, restatusedCaseIds: [] };
    },
    onStored: () => undefined,
    assertRunning: () => undefined,
  };
  /** A call main fails: nothing posted, the next continuation refused. */
  const failingCall = (message: string) => {
    const call = mainQueue.then(() => {
      lastComplete = false;
      throw new Error(message);
    });
    mainQueue = call.catch(() => undefined);
    return call;
  };
  /** A call main answers in part: the first `count` pages posted and answered. */
  const partialCall = (pages: readonly OutboxPage[], count: number) => {
    const call = mainQueue.then(async () => {
      lastComplete = false;
      await tick();
      for (const page of pages.slice(0, count)) sent.push(page.map((entry) => entry.id));
      return pages.slice(0, count).map((page) => page.map((entry): MutationResult => ({ mutationId: entry.id, status: 'applied', version: 1 })));
    });
    mainQueue = call.catch(() => undefined);
    return call;
  };
  return {
    queued,
    sent,
    stored,
    steps,
    failingCall,
    partialCall,
    mostSending: () => mostSending,
    continuations: () => continuations,
    refused: () => refused,
  };
}

describe('push pipeline', () => {
  it('sends every entry once, in order, one request at a time, and stores every answer', async () => {
    const outbox = memoryOutbox(237);
    const all = [...outbox.queued];
    await runPushPipeline(outbox.steps, SHAPE);
    expect(outbox.sent.flat()).toEqual(all);
    expect(outbox.sent.every((page) => page.length <= SHAPE.pageSize)).toBe(true);
    expect(outbox.mostSending()).toBe(1);
    expect(outbox.stored.flat()).toEqual(all);
    expect(outbox.stored.every((commit) => commit.length <= SHAPE.pagesPerCommit * SHAPE.pageSize)).toBe(true);
    expect(outbox.queued).toEqual([]);
  });

  it('sends an entry queued at the front during the run with a later request', async () => {
    const outbox = memoryOutbox(120);
    const send = outbox.steps.send;
    let calls = 0;
    outbox.steps.send = async (pages, continues) => {
      if (calls++ === 1) outbox.queued.unshift('m-escalated');
      return send(pages, continues);
    };
    await runPushPipeline(outbox.steps, SHAPE);
    expect(outbox.sent.flat()).toContain('m-escalated');
    expect(new Set(outbox.sent.flat()).size).toBe(121);
    expect(outbox.queued).toEqual([]);
  });

  it('stores the answers it got before a request failed, then reports the failure', async () => {
    const outbox = memoryOutbox(100);
    const send = outbox.steps.send;
    let calls = 0;
    outbox.steps.send = (pages, continues) => {
      // The third call fails; if it is a continuation its pages go again, and the next plain call fails too.
      calls++;
      if (calls === 3 || (calls > 3 && !continues)) return outbox.failingCall('endpoint unreachable');
      return send(pages, continues);
    };
    await expect(runPushPipeline(outbox.steps, SHAPE)).rejects.toThrow('endpoint unreachable');
    expect(outbox.stored.flat()).toEqual(outbox.sent.flat());
    expect(outbox.queued).toHaveLength(100 - outbox.sent.flat().length);
  });

  it('sends nothing more once a commit failed, and reports that failure', async () => {
    const outbox = memoryOutbox(300);
    let commits = 0;
    const store = outbox.steps.store;
    outbox.steps.store = async (entries, results) => {
      if (commits++ === 1) throw new Error('disk full');
      return store(entries, results);
    };
    const sentWhenFailed: number[] = [];
    const send = outbox.steps.send;
    outbox.steps.send = async (pages, continues) => {
      if (commits > 1) sentWhenFailed.push(pages.length);
      return send(pages, continues);
    };
    await expect(runPushPipeline(outbox.steps, SHAPE)).rejects.toThrow('disk full');
    // At most the calls already on their way when the commit failed.
    expect(sentWhenFailed.length).toBeLessThanOrEqual(SHAPE.sendsInFlight);
    expect(outbox.sent.flat().length).toBeLessThan(300);
    expect(outbox.queued).toHaveLength(300 - outbox.stored.flat().length);
  });

  it('sends a second call while the first is on its way, and main still posts every page once, in order', async () => {
    const outbox = memoryOutbox(400, 5);
    const all = [...outbox.queued];
    await runPushPipeline(outbox.steps, SHAPE);
    expect(outbox.continuations()).toBeGreaterThan(0);
    expect(outbox.refused()).toBe(0);
    expect(outbox.mostSending()).toBe(1);
    expect(outbox.sent.flat()).toEqual(all);
    expect(outbox.stored.flat()).toEqual(all);
  });

  it('sends the pages of a refused continuation again after a call answered in part, with no gap and no repeat', async () => {
    const outbox = memoryOutbox(400, 5);
    const all = [...outbox.queued];
    const send = outbox.steps.send;
    let calls = 0;
    outbox.steps.send = (pages, continues) => {
      // The second call is answered for its first page only: the continuation behind it must not be posted.
      if (++calls === 2 && pages.length > 1) return outbox.partialCall(pages, 1);
      return send(pages, continues);
    };
    await runPushPipeline(outbox.steps, SHAPE);
    expect(outbox.continuations()).toBeGreaterThan(0);
    expect(outbox.refused()).toBeGreaterThan(0);
    expect(outbox.sent.flat()).toEqual(all);
    expect(outbox.stored.flat()).toEqual(all);
    expect(outbox.queued).toEqual([]);
  });
});
