import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../shared/sync-protocol/push';
import { runPushPipeline, type OutboxPage, type PushPipelineShape, type PushPipelineSteps } from './push-pipeline';

/**
 * The pipeline's own rules against an in-memory outbox: requests one at a
 * time and in order, each entry sent once, every answer stored before the run
 * ends (even one that fails), nothing sent after a failed commit.
 */
const SHAPE: PushPipelineShape = { pageSize: 10, pagesAhead: 6, pagesPerSend: 3, pagesPerCommit: 2 };

function memoryOutbox(count: number) {
  const queued = Array.from({ length: count }, (_, index) => `m${String(index).padStart(4, '0')}`);
  const sent: string[][] = [];
  const stored: string[][] = [];
  let sending = 0;
  let mostSending = 0;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const steps: PushPipelineSteps = {
    async read(limit, exclude) {
      await tick();
      return queued
        .filter((id) => !exclude.has(id))
        .slice(0, limit)
        .map((id) => ({ id, clear: { batchId: 'b', order: 0, state: 'queued' as const }, value: { mutation: { mutationId: id } } })) as unknown as OutboxPage;
    },
    async send(pages) {
      mostSending = Math.max(mostSending, ++sending);
      await tick();
      sending--;
      for (const page of pages) sent.push(page.map((entry) => entry.id));
      return pages.map((page) => page.map((entry): MutationResult => ({ mutationId: entry.id, status: 'applied', version: 1 })));
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
  return { queued, sent, stored, steps, mostSending: () => mostSending };
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
    outbox.steps.send = async (pages) => {
      if (calls++ === 1) outbox.queued.unshift('m-escalated');
      return send(pages);
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
    outbox.steps.send = async (pages) => {
      if (calls++ === 2) throw new Error('endpoint unreachable');
      return send(pages);
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
    outbox.steps.send = async (pages) => {
      if (commits > 1) sentWhenFailed.push(pages.length);
      return send(pages);
    };
    await expect(runPushPipeline(outbox.steps, SHAPE)).rejects.toThrow('disk full');
    // At most the request already in flight when the commit failed.
    expect(sentWhenFailed.length).toBeLessThanOrEqual(1);
    expect(outbox.sent.flat().length).toBeLessThan(300);
    expect(outbox.queued).toHaveLength(300 - outbox.stored.flat().length);
  });
});
