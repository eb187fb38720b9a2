import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoopbackTarget, startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';

/** A tiny target: records every request body it answered in full; `/hang` never answers. */
async function startTarget() {
  const answered: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/hang') return;
      answered.push(body);
      response.writeHead(201, { 'content-type': 'application/json', 'x-target': 'yes' }).end(JSON.stringify({ echo: body, path: request.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Outcome = { kind: 'answer'; status: number; headers: http.IncomingHttpHeaders; body: string; elapsedMs: number } | { kind: 'error' };

/** One POST on a fresh connection, so a dropped socket is seen as exactly one failed request. */
function post(url: string, path: string, body: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(`${url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ kind: 'answer', status: response.statusCode ?? 0, headers: response.headers, body: text, elapsedMs: performance.now() - started }));
      response.on('error', () => resolve({ kind: 'error' }));
    });
    request.on('error', () => resolve({ kind: 'error' }));
    request.end(body);
  });
}

describe('fault proxy', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  const proxies: FaultProxy[] = [];
  const proxy = async (options: Omit<FaultProxyOptions, 'target'>) => {
    const started = await startFaultProxy({ target: target.url, ...options });
    proxies.push(started);
    return started;
  };

  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await Promise.all(proxies.map((started) => started.close()));
    await target.close();
  });

  it('passes a request and its answer through untouched when no fault is configured', async () => {
    const clean = await proxy({ seed: 1 });
    const outcome = await post(clean.url, '/api/v1/push?x=1', '{"id":"clean"}');
    expect(outcome).toMatchObject({ kind: 'answer', status: 201, headers: { 'x-target': 'yes' } });
    expect(JSON.parse((outcome as { body: string }).body)).toEqual({ echo: '{"id":"clean"}', path: '/api/v1/push?x=1' });
    expect(clean.counts()).toMatchObject({ requests: 1, forwarded: 1, connectionsDropped: 0, serviceUnavailable: 0, responsesDropped: 0 });
  });

  it('injects each fault at roughly its configured rate, the same way for the same seed', async () => {
    const rates = { dropConnection: 0.2, serviceUnavailable: 0.1, dropResponse: 0.1 };
    const runOnce = async (seed: number) => {
      const faulty = await proxy({ seed, ...rates });
      const answeredBefore = target.answered.length;
      const outcomes: Outcome[] = [];
      for (let index = 0; index < 400; index += 1) outcomes.push(await post(faulty.url, '/push', `{"n":${index}}`));
      return { counts: faulty.counts(), outcomes, reachedTarget: target.answered.length - answeredBefore };
    };
    const { counts, outcomes, reachedTarget } = await runOnce(2026);

    expect(counts.requests).toBe(400);
    // Expected 80 / 40 / 40; the bounds are several standard deviations wide.
    expect(counts.connectionsDropped).toBeGreaterThanOrEqual(50);
    expect(counts.connectionsDropped).toBeLessThanOrEqual(110);
    expect(counts.serviceUnavailable).toBeGreaterThanOrEqual(20);
    expect(counts.serviceUnavailable).toBeLessThanOrEqual(60);
    expect(counts.responsesDropped).toBeGreaterThanOrEqual(20);
    expect(counts.responsesDropped).toBeLessThanOrEqual(60);
    expect(counts.connectionsDropped + counts.serviceUnavailable + counts.responsesDropped + counts.forwarded).toBe(400);

    // What the client saw matches what the proxy counted.
    const failed = outcomes.filter((outcome) => outcome.kind === 'error').length;
    const unavailable = outcomes.filter((outcome) => outcome.kind === 'answer' && outcome.status === 503);
    const answered = outcomes.filter((outcome) => outcome.kind === 'answer' && outcome.status === 201).length;
    expect(failed).toBe(counts.connectionsDropped + counts.responsesDropped);
    expect(unavailable.length).toBe(counts.serviceUnavailable);
    expect(unavailable.every((outcome) => outcome.kind === 'answer' && outcome.headers['retry-after'] === '0')).toBe(true);
    expect(answered).toBe(counts.forwarded);
    // A lost response still reached (and was answered by) the target; a dropped connection or a 503 did not.
    expect(reachedTarget).toBe(counts.forwarded + counts.responsesDropped);

    const replay = await runOnce(2026);
    expect(replay.counts).toEqual(counts);
    const otherSeed = await runOnce(7);
    expect(otherSeed.counts).not.toEqual(counts);
  });

  it('drops a response only after the target has answered it', async () => {
    const losing = await proxy({ seed: 3, dropResponse: 1 });
    const outcome = await post(losing.url, '/push', '{"mutationId":"committed-but-lost"}');
    expect(outcome).toEqual({ kind: 'error' });
    expect(target.answered).toContain('{"mutationId":"committed-but-lost"}');
    expect(losing.counts()).toMatchObject({ requests: 1, responsesDropped: 1, forwarded: 0 });
  });

  it('drops a connection or answers 503 without forwarding anything', async () => {
    const dropping = await proxy({ seed: 4, dropConnection: 1 });
    const unavailable = await proxy({ seed: 4, serviceUnavailable: 1 });
    expect(await post(dropping.url, '/push', '{"mutationId":"never-sent-1"}')).toEqual({ kind: 'error' });
    expect(await post(unavailable.url, '/push', '{"mutationId":"never-sent-2"}')).toMatchObject({
      kind: 'answer',
      status: 503,
      headers: { 'retry-after': '0' },
    });
    expect(target.answered.filter((body) => body.includes('never-sent'))).toEqual([]);
  });

  it('adds latency within its bounds', async () => {
    const slow = await proxy({ seed: 5, latencyMs: { min: 60, max: 60 } });
    const outcomes = await Promise.all([1, 2, 3].map((n) => post(slow.url, '/push', `{"slow":${n}}`)));
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe('answer');
      expect((outcome as { elapsedMs: number }).elapsedMs).toBeGreaterThanOrEqual(55);
    }
    expect(slow.counts().latencyAddedMs).toBe(180);
  });

  it('close() destroys open sockets, so a request waiting on the target fails at once', async () => {
    const closing = await startFaultProxy({ target: target.url, seed: 6 });
    const waiting = post(closing.url, '/hang', '{}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await closing.close();
    expect(await waiting).toEqual({ kind: 'error' });
  });

  it('refuses any target that is not plain HTTP on loopback, and impossible rates', async () => {
    for (const bad of ['http://10.0.0.1:8080', 'http://example.com', 'https://127.0.0.1:8443', 'http://user:pw@127.0.0.1:1', 'http://127.0.0.1:1/api', 'not a url']) {
      expect(() => parseLoopbackTarget(bad), bad).toThrow(/fault proxy/);
    }
    expect(parseLoopbackTarget('http://127.0.0.1:8080').port).toBe('8080');
    expect(parseLoopbackTarget('http://[::1]:8080').hostname).toBe('[::1]');
    await expect(startFaultProxy({ target: 'http://192.168.1.1', seed: 1 })).rejects.toThrow(/loopback/);
    await expect(startFaultProxy({ target: target.url, seed: 1, dropConnection: 0.6, dropResponse: 0.6 })).rejects.toThrow(/more than 1/);
    await expect(startFaultProxy({ target: target.url, seed: 1, latencyMs: { min: 10, max: 60_000 } })).rejects.toThrow(/latencyMs/);
  });
});
