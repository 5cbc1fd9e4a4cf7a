// The typed Hex API client against the simulator: every endpoint, every error shape, timeouts, cancellation, and a
// base URL behind a proxy with a path prefix.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HexClient, normalizeBaseUrl } from '../src/hex/client.js';
import { HexApiError } from '../src/hex/errors.js';
import { HexSimulator } from '../src/simulator/index.js';

const TOKEN = 'client-test-token';
const PROJECT = 'f5000000-0000-4000-8000-000000000001';
const OTHER = 'f5000000-0000-4000-8000-000000000002';

let sim: HexSimulator;
let hex: HexClient;

beforeAll(async () => {
  sim = await HexSimulator.start({
    tokens: [TOKEN],
    rateLimits: false,
    projects: [
      { projectId: PROJECT, title: 'Client', outcomes: [{ status: 'COMPLETED', pendingMs: 0, runningMs: 100 }] },
      { projectId: OTHER, title: 'Other' },
    ],
  });
  hex = new HexClient({ baseUrl: sim.baseUrl, token: TOKEN, timeoutMs: 1000 });
});

afterAll(async () => {
  await sim?.close();
});

async function errorOf(promise: Promise<unknown>): Promise<HexApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(HexApiError);
  return error as HexApiError;
}

describe('HexClient endpoints', () => {
  it('runs, reads, lists and cancels a run', async () => {
    const run = await hex.runProject(PROJECT, { inputParams: { a: 1 } });
    expect(run.projectId).toBe(PROJECT);
    expect(run.runStatusUrl).toContain(run.runId);

    const status = await hex.getRunStatus(PROJECT, run.runId);
    expect(['PENDING', 'RUNNING', 'COMPLETED']).toContain(status.status);

    const list = await hex.listRuns(PROJECT, { limit: 1, offset: 0 });
    expect(list.runs[0]?.runId).toBe(run.runId);

    const second = await hex.runProject(PROJECT, {});
    expect(await hex.cancelRun(PROJECT, second.runId)).toBeUndefined();
    const killed = await hex.listRuns(PROJECT, { statusFilter: 'KILLED' });
    expect(killed.runs.map((r) => r.runId)).toEqual([second.runId]);
  });

  it('pages through projects with cursors', async () => {
    const first = await hex.listProjects({ limit: 1 });
    expect(first.values).toHaveLength(1);
    const next = await hex.listProjects({ limit: 1, after: first.pagination.after ?? undefined });
    expect(next.values).toHaveLength(1);
    expect(next.values[0]?.id).not.toBe(first.values[0]?.id);
    expect((await hex.getProject(OTHER)).title).toBe('Other');
  });
});

describe('HexClient errors', () => {
  it('reads the plain-text 401', async () => {
    const wrong = new HexClient({ baseUrl: sim.baseUrl, token: 'wrong' });
    const error = await errorOf(wrong.getProject(PROJECT));
    expect(error.statusCode).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Unauthorized');
    expect(error.message).not.toContain('wrong');
  });

  it.each(['reason', 'message'] as const)('reads the %s error shape', async (shape) => {
    sim.setOptions({ errorShape: shape });
    try {
      const error = await errorOf(hex.getRunStatus(PROJECT, 'f5000000-0000-4000-8000-0000000000ff'));
      expect(error.statusCode).toBe(404);
      expect(error.failureType).toBe('HexNotFound');
      expect(error.hexMessage).toBeTruthy();
      expect(error.traceId).toBeTruthy();
    } finally {
      sim.setOptions({ errorShape: 'reason' });
    }
  });

  it('reads 422 input problems', async () => {
    sim.addProject({ projectId: 'f5000000-0000-4000-8000-000000000003', title: 'Typed', inputs: { n: 'number' } });
    const error = await errorOf(
      hex.runProject('f5000000-0000-4000-8000-000000000003', { inputParams: { n: 'x', m: 1 } })
    );
    expect(error.statusCode).toBe(422);
    expect(error.message).toContain('unknown input parameters: m');
    expect(error.message).toContain('n="x"');
  });

  it('keeps Retry-After of a 429', async () => {
    sim.injectFault({ route: 'getProject', kind: 'rateLimit', retryAfterSeconds: 7 });
    const error = await errorOf(hex.getProject(PROJECT));
    expect(error.rateLimited).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
  });

  it('times out a slow answer', async () => {
    sim.injectFault({ route: 'getProject', kind: 'delay', ms: 3000 });
    const error = await errorOf(hex.getProject(PROJECT));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('stops when its signal is aborted', async () => {
    sim.injectFault({ route: 'getProject', kind: 'delay', ms: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await errorOf(hex.getProject(PROJECT, { signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
  });

  it('marks a run request whose answer was lost as possibly started', async () => {
    sim.injectFault({ route: 'runProject', kind: 'dropResponse' });
    const error = await errorOf(hex.runProject(PROJECT, {}));
    expect(error.kind).toBe('network');
    expect(error.mayHaveStartedRun).toBe(true);
  });
});

describe('HexClient base URL', () => {
  let proxy: Server;
  let proxyUrl: string;
  beforeAll(async () => {
    // Forwards /hex/api/... to the simulator's /api/..., as a reverse proxy with a path prefix would.
    proxy = createServer((req, res) => {
      const target = new URL(sim.baseUrl);
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          headers: req.headers,
          path: (req.url ?? '').replace(/^\/hex/, ''),
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hex/api/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
  });

  it('works behind a proxy with a path prefix', async () => {
    const proxied = new HexClient({ baseUrl: proxyUrl, token: TOKEN });
    expect(proxied.baseUrl).toBe(proxyUrl.replace(/\/$/, ''));
    expect((await proxied.getProject(PROJECT)).title).toBe('Client');
  });

  it.each([
    ['not a url', 'Invalid Hex base URL'],
    ['ftp://hex.example/api', 'use http or https'],
    ['https://user:pw@hex.example/api', 'remove credentials'],
  ])('rejects %s', (raw, message) => {
    expect(() => normalizeBaseUrl(raw)).toThrow(message);
  });
});
