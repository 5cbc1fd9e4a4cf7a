import { describe, expect, it } from 'vitest';
import type { SimFault } from '../src/simulator/index.js';
import { simulatorPerTest } from './support/simulator-per-test.js';

const TOKEN = 'sim-token';
const PROJECT_ID = 'dddddddd-0000-4000-8000-000000000001';
const OTHER_PROJECT_ID = 'dddddddd-0000-4000-8000-000000000002';
const LONG_RUN = { status: 'COMPLETED', pendingMs: 0, runningMs: 600_000 };

const { start: startSimulator, sim } = simulatorPerTest({
  rateLimits: false,
  projects: [
    { projectId: PROJECT_ID, title: 'Faulty', outcomes: [LONG_RUN] },
    { projectId: OTHER_PROJECT_ID, title: 'Healthy', outcomes: [LONG_RUN] },
  ],
});

function postRun(projectId = PROJECT_ID): Promise<Response> {
  return fetch(`${sim().baseUrl}/v1/projects/${projectId}/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

function getProject(projectId = PROJECT_ID): Promise<Response> {
  return fetch(`${sim().baseUrl}/v1/projects/${projectId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the simulator.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function inject(fault: SimFault): void {
  sim().injectFault(fault);
}

describe('injected faults', () => {
  it('status fault returns error, no work', async () => {
    await startSimulator();
    inject({ route: 'runProject', kind: 'status', status: 503 });
    const failed = await postRun();
    expect(failed.status).toBe(503);
    const body = (await failed.json()) as { reason: string; traceId: string };
    expect(body.reason).toContain('503');
    expect(body.traceId).toBe(failed.headers.get('x-trace-id'));
    expect(sim().runs()).toHaveLength(0);
    expect((await postRun()).status).toBe(201);
  });

  it('status sends a given body verbatim', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'status', status: 502, body: '<html>Bad gateway</html>' });
    const failed = await getProject();
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toContain('text/html');
    expect(await failed.text()).toBe('<html>Bad gateway</html>');
  });

  it('status 401 is plain text', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'status', status: 401 });
    const failed = await getProject();
    expect(failed.status).toBe(401);
    expect(failed.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await failed.text()).toBe('Unauthorized');
  });

  it('status uses the message shape when configured', async () => {
    await startSimulator({ errorShape: 'message' });
    inject({ route: 'getProject', kind: 'status', status: 500 });
    const body = (await (await getProject()).json()) as Record<string, unknown>;
    expect(body.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('delay fault responds late', async () => {
    await startSimulator();
    inject({ route: 'runProject', kind: 'delay', ms: 300 });
    const sent = Date.now();
    let responded = false;
    const pending = postRun().then((response) => {
      responded = true;
      return response;
    });
    await waitUntil(() => sim().runs().length === 1);
    expect(responded).toBe(false);
    const response = await pending;
    expect(response.status).toBe(201);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(290);
  });

  it('reset makes fetch reject and does nothing', async () => {
    await startSimulator();
    inject({ route: 'runProject', kind: 'reset' });
    await expect(postRun()).rejects.toThrow();
    expect(sim().runs()).toHaveLength(0);
    expect(sim().stats().requests.byStatus).toEqual({ noResponse: 1 });
  });

  it('malformedJson fault truncates the body', async () => {
    await startSimulator();
    inject({ route: 'runProject', kind: 'malformedJson' });
    const response = await postRun();
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow();
    expect(sim().runs()).toHaveLength(0);
  });

  it('dropResponse fault still creates the run', async () => {
    await startSimulator();
    inject({ route: 'runProject', kind: 'dropResponse' });
    await expect(postRun()).rejects.toThrow();
    const runs = sim().runs();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.projectId).toBe(PROJECT_ID);
    expect(sim().stats().runsCreated).toBe(1);
  });

  it('rateLimit fault sends 429', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'rateLimit', retryAfterSeconds: 7 });
    inject({ route: 'getProject', kind: 'rateLimit' });
    const withHeader = await getProject();
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get('retry-after')).toBe('7');
    const withoutHeader = await getProject();
    expect(withoutHeader.status).toBe(429);
    expect(withoutHeader.headers.get('retry-after')).toBeNull();
    expect(sim().stats().rateLimited).toBe(0);
  });

  it('skips `after` requests and hits `times` requests', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'status', status: 500, after: 1, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await getProject()).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it('hits only the given project', async () => {
    await startSimulator();
    inject({ route: 'any', projectId: PROJECT_ID, kind: 'status', status: 503 });
    expect((await getProject(OTHER_PROJECT_ID)).status).toBe(200);
    expect((await postRun(OTHER_PROJECT_ID)).status).toBe(201);
    expect((await getProject(PROJECT_ID)).status).toBe(503);
  });

  it('route any matches every route', async () => {
    await startSimulator();
    inject({ route: 'any', kind: 'status', status: 500, times: 2 });
    expect((await getProject()).status).toBe(500);
    expect((await postRun()).status).toBe(500);
    expect((await postRun()).status).toBe(201);
  });

  it('applies faults in the order queued', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'status', status: 502 });
    inject({ route: 'getProject', kind: 'status', status: 503 });
    expect((await getProject()).status).toBe(502);
    expect((await getProject()).status).toBe(503);
    expect((await getProject()).status).toBe(200);
  });

  it('clearFaults removes queued faults', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'reset', times: 3 });
    sim().clearFaults();
    expect((await getProject()).status).toBe(200);
  });

  it('rejects malformed faults', async () => {
    await startSimulator();
    expect(() => inject({ route: 'getProject', kind: 'status', status: 42 })).toThrow(/status/);
    expect(() => inject({ route: 'getProject', kind: 'delay', ms: -1 })).toThrow(/ms/);
    expect(() => inject({ route: 'getProject', kind: 'reset', times: 0 })).toThrow(/times/);
  });

  it('close ends a delayed response', async () => {
    await startSimulator();
    inject({ route: 'getProject', kind: 'delay', ms: 10_000 });
    const pending = getProject();
    await waitUntil(() => sim().stats().requests.total === 1);
    await sim().close();
    await expect(pending).rejects.toThrow();
  });
});
