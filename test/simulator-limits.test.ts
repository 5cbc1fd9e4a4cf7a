import { describe, expect, it } from 'vitest';
import type { HexRunResponse } from '../src/hex/types.js';
import { simulatorPerTest } from './support/simulator-per-test.js';

const TOKEN = 'sim-token';
const OTHER_TOKEN = 'other-token';
const PROJECT_ID = 'cccccccc-0000-4000-8000-000000000001';
const LONG_RUN = { status: 'COMPLETED', pendingMs: 0, runningMs: 600_000 };
const SMALL_LIMITS = { runPerMinute: 2, runPerHour: 100, otherPerMinute: 3, otherPerHour: 100 };

const { start: startSimulator, sim } = simulatorPerTest({
  tokens: [TOKEN, OTHER_TOKEN],
  projects: [{ projectId: PROJECT_ID, title: 'Limits', outcomes: [LONG_RUN] }],
});

function postRun(token = TOKEN): Promise<Response> {
  return fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

function getProject(token = TOKEN): Promise<Response> {
  return fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}`, { headers: { authorization: `Bearer ${token}` } });
}

async function startRunId(token = TOKEN): Promise<string> {
  const response = await postRun(token);
  expect(response.status).toBe(201);
  return ((await response.json()) as HexRunResponse).runId;
}

function statusOf(runId: string): string | undefined {
  return sim().getRun(runId)?.status;
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the simulator.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('rate limits', () => {
  it('run limit returns 429 with Retry-After', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60 });
    expect((await postRun()).status).toBe(201);
    expect((await postRun()).status).toBe(201);
    const limited = await postRun();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    const body = (await limited.json()) as { reason: string; traceId: string };
    expect(body.reason).toBe('Too many requests');
    expect(body.traceId).toBe(limited.headers.get('x-trace-id'));

    const stats = sim().stats();
    expect(stats.runsCreated).toBe(2);
    expect(stats.rateLimited).toBe(1);
    expect(stats.violations).toEqual({ overRunLimit: 1, overOtherLimit: 0 });
    expect(stats.requests.byStatus).toEqual({ 201: 2, 429: 1 });
  });

  it('429 without Retry-After when disabled', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60, retryAfterHeader: false });
    await postRun();
    await postRun();
    const limited = await postRun();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('gives Retry-After in real seconds', async () => {
    await startSimulator({ rateLimits: { ...SMALL_LIMITS, runPerMinute: 1 }, timeScale: 2 });
    await postRun();
    const limited = await postRun();
    expect(limited.status).toBe(429);
    // A simulated minute lasts 30 real seconds at time scale 2.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  });

  it('limits other requests in their own bucket', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60 });
    for (let i = 0; i < 3; i += 1) expect((await getProject()).status).toBe(200);
    expect((await getProject()).status).toBe(429);
    expect((await postRun()).status).toBe(201);
    expect(sim().stats().violations).toEqual({ overRunLimit: 0, overOtherLimit: 1 });
  });

  it('applies the hour limit', async () => {
    await startSimulator({ rateLimits: { ...SMALL_LIMITS, runPerMinute: 10, runPerHour: 3 }, timeScale: 3600 });
    for (let i = 0; i < 3; i += 1) expect((await postRun()).status).toBe(201);
    const limited = await postRun();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  it('does not charge 429s to the budget', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60 });
    const firstAccepted = Date.now();
    await postRun();
    await postRun();
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (let i = 0; i < 5; i += 1) expect((await postRun()).status).toBe(429);
    // One real second is a simulated minute. Both accepted requests have left the window by now, and the
    // rejected ones, sent 600 ms later, would still fill it if they had been charged.
    await new Promise((resolve) => setTimeout(resolve, firstAccepted + 1_100 - Date.now()));
    expect((await postRun()).status).toBe(201);
    expect((await postRun()).status).toBe(201);
    expect(sim().stats().rateLimited).toBe(5);
  });

  it('keeps a budget per token', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60 });
    await postRun();
    await postRun();
    expect((await postRun()).status).toBe(429);
    expect((await postRun(OTHER_TOKEN)).status).toBe(201);
  });

  it('counts violations of Hex limits when enforcement is off', async () => {
    await startSimulator({ rateLimits: false });
    for (let i = 0; i < 21; i += 1) expect((await postRun()).status).toBe(201);
    const stats = sim().stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.violations.overRunLimit).toBe(1);
  });

  it('429 in the message shape', async () => {
    await startSimulator({ rateLimits: SMALL_LIMITS, timeScale: 60, errorShape: 'message' });
    await postRun();
    await postRun();
    const body = (await (await postRun()).json()) as Record<string, unknown>;
    expect(body.code).toBe('TOO_MANY_REQUESTS');
    expect(body.message).toBe('Too many requests');
  });

  it('enforces limits set while running', async () => {
    await startSimulator({ rateLimits: false, timeScale: 60 });
    sim().setOptions({ rateLimits: SMALL_LIMITS });
    await postRun();
    await postRun();
    expect((await postRun()).status).toBe(429);
  });
});

describe('kernel limit', () => {
  it('keeps extra runs PENDING and starts them in FIFO order', async () => {
    await startSimulator({ rateLimits: false, kernelLimit: 2 });
    const runIds: string[] = [];
    for (let i = 0; i < 4; i += 1) runIds.push(await startRunId());
    const [first = '', second = '', third = '', fourth = ''] = runIds;
    await waitUntil(() => statusOf(first) === 'RUNNING' && statusOf(second) === 'RUNNING');
    await waitUntil(() => sim().stats().queuedForKernel === 2);
    expect(statusOf(third)).toBe('PENDING');
    expect(statusOf(fourth)).toBe('PENDING');

    await fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs/${second}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(statusOf(third)).toBe('RUNNING');
    expect(statusOf(fourth)).toBe('PENDING');

    await fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs/${first}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(statusOf(fourth)).toBe('RUNNING');

    const stats = sim().stats();
    expect(stats.maxRunningKernels).toBe(2);
    expect(stats.maxInFlightRuns).toBe(4);
    expect(stats.queuedForKernel).toBe(2);
  });

  it('frees a kernel when a run ends', async () => {
    await startSimulator({
      rateLimits: false,
      kernelLimit: 1,
      projects: [
        { projectId: PROJECT_ID, title: 'Short', outcomes: [{ status: 'COMPLETED', pendingMs: 0, runningMs: 30 }] },
      ],
    });
    const first = await startRunId();
    const second = await startRunId();
    await waitUntil(() => statusOf(first) === 'COMPLETED');
    await waitUntil(() => statusOf(second) === 'COMPLETED');
    const firstRecord = sim().getRun(first);
    const secondRecord = sim().getRun(second);
    expect(secondRecord?.startedAt).toBeGreaterThanOrEqual(firstRecord?.endedAt ?? Infinity);
    expect(sim().stats().maxRunningKernels).toBe(1);
  });

  it('removes a cancelled run from the queue', async () => {
    await startSimulator({ rateLimits: false, kernelLimit: 1 });
    const running = await startRunId();
    const cancelled = await startRunId();
    const next = await startRunId();
    await waitUntil(() => sim().stats().queuedForKernel === 2);
    const headers = { authorization: `Bearer ${TOKEN}` };
    await fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs/${cancelled}`, { method: 'DELETE', headers });
    expect(statusOf(cancelled)).toBe('KILLED');
    expect(sim().getRun(cancelled)?.startedAt).toBeUndefined();
    await fetch(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs/${running}`, { method: 'DELETE', headers });
    expect(statusOf(next)).toBe('RUNNING');
  });

  it('counts kernels per token', async () => {
    await startSimulator({ rateLimits: false, kernelLimit: 1 });
    const mine = await startRunId();
    const theirs = await startRunId(OTHER_TOKEN);
    await waitUntil(() => statusOf(mine) === 'RUNNING' && statusOf(theirs) === 'RUNNING');
    expect(sim().stats().queuedForKernel).toBe(0);
  });

  it('starts waiting runs when the limit is raised', async () => {
    await startSimulator({ rateLimits: false, kernelLimit: 1 });
    await startRunId();
    const waiting = await startRunId();
    await waitUntil(() => sim().stats().queuedForKernel === 1);
    expect(statusOf(waiting)).toBe('PENDING');
    sim().setOptions({ kernelLimit: 2 });
    expect(statusOf(waiting)).toBe('RUNNING');
  });
});
