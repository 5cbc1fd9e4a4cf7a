// runHexProject end to end: the real Temporal dev server, the worker, and the Hex API simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunHexProjectProgress, RunHexProjectResult } from '../src/workflows/run-hex-project-types.js';
import { HEX_PROJECT_ID, HEX_RUN_ID, HEX_RUN_STATUS } from '../src/workflows/search-attributes.js';
import { startHarness, type Harness } from './support/harness.js';
import { failureOf, waitFor } from './support/waiting.js';

const P = {
  completes: 'a0000000-0000-4000-8000-000000000001',
  errors: 'a0000000-0000-4000-8000-000000000002',
  killed: 'a0000000-0000-4000-8000-000000000003',
  noKernel: 'a0000000-0000-4000-8000-000000000004',
  long: 'a0000000-0000-4000-8000-000000000005',
  unknownStatus: 'a0000000-0000-4000-8000-000000000006',
  typed: 'a0000000-0000-4000-8000-000000000007',
  instant: 'a0000000-0000-4000-8000-000000000008',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        {
          projectId: P.completes,
          title: 'Completes',
          outcomes: [{ status: 'COMPLETED', pendingMs: 100, runningMs: 400 }],
        },
        { projectId: P.errors, title: 'Errors', outcomes: [{ status: 'ERRORED', runningMs: 200 }] },
        { projectId: P.killed, title: 'Killed', outcomes: [{ status: 'KILLED', runningMs: 200 }] },
        {
          projectId: P.noKernel,
          title: 'No kernel',
          outcomes: [{ status: 'UNABLE_TO_ALLOCATE_KERNEL', pendingMs: 200 }],
        },
        { projectId: P.long, title: 'Long', outcomes: [{ status: 'COMPLETED', runningMs: 10 * 60_000 }] },
        {
          projectId: P.unknownStatus,
          title: 'Unknown status',
          outcomes: [{ status: 'QUEUED_FOR_REVIEW', runningMs: 100 }],
        },
        { projectId: P.typed, title: 'Typed inputs', inputs: { region: 'string', days: 'number' } },
        { projectId: P.instant, title: 'Instant', outcomes: [{ status: 'COMPLETED', pendingMs: 0, runningMs: 1 }] },
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('runHexProject', () => {
  it('returns the result of a completed run', async () => {
    const before = h.sim.stats().runsCreated;
    const result = await h.run({ projectId: P.completes, inputParams: { region: 'EU' } });

    expect(result.status).toBe('COMPLETED');
    expect(result.projectId).toBe(P.completes);
    expect(result.runUrl).toContain(result.runId);
    expect(result.startTime).not.toBeNull();
    expect(result.endTime).not.toBeNull();
    expect(result.elapsedTime).toBeGreaterThan(0);
    expect(result.traceId).toBeTruthy();
    expect(result.projectVersion).not.toBeNull();
    expect(h.sim.stats().runsCreated - before).toBe(1);
    expect(h.sim.getRun(result.runId)?.inputParams).toEqual({ region: 'EU' });
  });

  it.each([
    [P.errors, 'ERRORED', 'HexRunErrored', true],
    [P.killed, 'KILLED', 'HexRunKilled', true],
    [P.noKernel, 'UNABLE_TO_ALLOCATE_KERNEL', 'HexRunUnableToAllocateKernel', false],
  ])('fails when the run of %s ends %s', async (projectId, status, type, nonRetryable) => {
    const handle = await h.startRun({ projectId });
    const failure = await failureOf(handle.result());

    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toContain(status);
    const runId = h.sim.runs().find((run) => run.projectId === projectId)?.runId ?? 'none';
    expect(failure.message).toContain(runId);
    expect(failure.message).toContain('http://127.0.0.1');
  });

  it('cancels the Hex run when the workflow is cancelled', async () => {
    const handle = await h.startRun({ projectId: P.long });
    const progress = await waitFor(
      () => handle.query<RunHexProjectProgress>('progress'),
      (p) => p.status === 'RUNNING'
    );
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();

    const run = h.sim.getRun(progress.runId ?? '');
    expect(run?.status).toBe('KILLED');
    expect(run?.killedByCancel).toBe(true);
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
  });

  it('cancels the Hex run when the wait limit is reached', async () => {
    const handle = await h.startRun({ projectId: P.long, waitLimit: '2s' });
    const failure = await failureOf(handle.result());

    expect(failure.type).toBe('HexRunWaitLimitReached');
    expect(failure.message).toContain('it was cancelled');
    const { runId } = await handle.query<RunHexProjectProgress>('progress');
    expect(h.sim.getRun(runId ?? '')?.status).toBe('KILLED');
  });

  it('leaves the run going at the wait limit when killOnTimeout is false', async () => {
    const handle = await h.startRun({ projectId: P.long, waitLimit: '1500ms', killOnTimeout: false });
    const failure = await failureOf(handle.result());

    expect(failure.type).toBe('HexRunWaitLimitReached');
    expect(failure.message).toContain('keeps running');
    const { runId } = await handle.query<RunHexProjectProgress>('progress');
    expect(h.sim.getRun(runId ?? '')?.status).toBe('RUNNING');
  });

  it('keeps waiting through an unknown status and shows it', async () => {
    const handle = await h.startRun({ projectId: P.unknownStatus, waitLimit: '1m' });
    const progress = await waitFor(
      () => handle.query<RunHexProjectProgress>('progress'),
      (p) => p.status === 'QUEUED_FOR_REVIEW'
    );
    expect(progress.polls).toBeGreaterThan(0);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(h.sim.getRun(progress.runId ?? '')?.status).toBe('KILLED');
  });

  it('keeps the search attributes up to date', async () => {
    const handle = await h.startRun({ projectId: P.completes });
    const result = (await handle.result()) as RunHexProjectResult;
    const attributes = (await handle.describe()).typedSearchAttributes;

    expect(attributes.get(HEX_PROJECT_ID)).toBe(P.completes);
    expect(attributes.get(HEX_RUN_ID)).toBe(result.runId);
    expect(attributes.get(HEX_RUN_STATUS)).toBe('COMPLETED');
  });

  it('reports progress with run URL and poll count', async () => {
    const handle = await h.startRun({ projectId: P.completes });
    await handle.result();
    const progress = await handle.query<RunHexProjectProgress>('progress');

    expect(progress.status).toBe('COMPLETED');
    expect(progress.runUrl).toContain(progress.runId);
    expect(progress.polls).toBeGreaterThanOrEqual(1);
    expect(progress.elapsedMs).toBeGreaterThan(0);
  });
});

describe('runHexProject and its own settings', () => {
  it('accepts a poll interval above a minute', async () => {
    const result = await h.run({ projectId: P.instant, pollInterval: '2m' });
    expect(result.status).toBe('COMPLETED');
  });

  it('rejects limits it cannot keep', async () => {
    const input = {
      projectId: P.completes,
      waitLimit: '8d',
      pollInterval: '10s',
      maxPollInterval: '5s',
      killOnTimeout: null,
    };
    const failure = await failureOf((await h.startRun(input as never)).result());
    expect(failure.message).toContain('waitLimit "8d" is longer than the maximum of 168 hours');
    expect(failure.message).toContain('maxPollInterval "5s" is shorter than pollInterval "10s"');
    expect(failure.message).toContain('killOnTimeout is null');
  });
});

describe('runHexProject when stopping the run', () => {
  it('cancels the Hex run when waiting fails for good', async () => {
    const handle = await h.startRun({ projectId: P.long });
    const { runId } = await waitFor(
      () => handle.query<RunHexProjectProgress>('progress'),
      (p) => p.status === 'RUNNING'
    );
    h.sim.injectFault({ route: 'getRunStatus', projectId: P.long, kind: 'status', status: 404 });
    const failure = await failureOf(handle.result());

    expect(failure.message).toContain('404');
    expect(failure.message).toContain('The Hex run was cancelled');
    expect(h.sim.getRun(runId ?? '')?.status).toBe('KILLED');
  });

  it('fails loudly when the Hex run cannot be cancelled', async () => {
    const handle = await h.startRun({ projectId: P.long });
    const { runId, runUrl } = await waitFor(
      () => handle.query<RunHexProjectProgress>('progress'),
      (p) => p.status === 'RUNNING'
    );
    h.sim.injectFault({ route: 'cancelRun', projectId: P.long, kind: 'status', status: 403 });
    await handle.cancel();
    const failure = await failureOf(handle.result());

    expect(failure.type).toBe('HexRunCancelFailed');
    expect(failure.message).toContain('403');
    expect(failure.message).toContain(runUrl);
    expect(h.sim.getRun(runId ?? '')?.status).toBe('RUNNING');
    await h.client.workflow
      .getHandle(handle.workflowId)
      .terminate('test cleanup')
      .catch(() => undefined);
  });
});

describe('runHexProject and transient Hex errors', () => {
  it.each([
    ['429 with Retry-After', { kind: 'rateLimit', retryAfterSeconds: 1 } as const],
    ['429 without Retry-After', { kind: 'rateLimit' } as const],
    ['HTTP 500', { kind: 'status', status: 500 } as const],
    ['HTTP 503', { kind: 'status', status: 503 } as const],
    ['a connection reset', { kind: 'reset' } as const],
    ['malformed JSON', { kind: 'malformedJson' } as const],
  ])('retries status requests after %s and completes', async (_name, fault) => {
    h.sim.injectFault({ route: 'getRunStatus', projectId: P.completes, times: 2, ...fault });
    const result = await h.run({ projectId: P.completes });
    expect(result.status).toBe('COMPLETED');
  });

  it('waits out a 429 on the run request and starts one run', async () => {
    const before = h.sim.stats().runsCreated;
    h.sim.injectFault({
      route: 'runProject',
      projectId: P.completes,
      times: 1,
      kind: 'rateLimit',
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    const result = await h.run({ projectId: P.completes });

    expect(result.status).toBe('COMPLETED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.sim.stats().runsCreated - before).toBe(1);
  });

  it('never takes a parallel run of the same project as its own', async () => {
    const before = h.sim.runs().filter((run) => run.projectId === P.completes).length;
    h.sim.injectFault({ route: 'runProject', projectId: P.completes, times: 3, kind: 'status', status: 500 });
    const [first, second] = await Promise.all([
      h.run({ projectId: P.completes, inputParams: { region: 'EMEA' } }),
      h.run({ projectId: P.completes, inputParams: { region: 'AMER' } }),
    ]);

    expect(first.runId).not.toBe(second.runId);
    expect(h.sim.getRun(first.runId)?.inputParams).toEqual({ region: 'EMEA' });
    expect(h.sim.getRun(second.runId)?.inputParams).toEqual({ region: 'AMER' });
    expect(h.sim.runs().filter((run) => run.projectId === P.completes).length - before).toBe(2);
  });

  it('finds the run a lost run response started instead of starting another', async () => {
    const before = h.sim.stats().runsCreated;
    h.sim.injectFault({ route: 'runProject', projectId: P.completes, times: 1, kind: 'dropResponse' });
    const result = await h.run({ projectId: P.completes });

    expect(result.status).toBe('COMPLETED');
    expect(h.sim.stats().runsCreated - before).toBe(1);
  });
});

describe('runHexProject and requests that cannot succeed', () => {
  it('fails on the first attempt when Hex returns 404', async () => {
    const before = h.sim.stats().requests.total;
    const failure = await failureOf((await h.startRun({ projectId: 'b0000000-0000-4000-8000-00000000dead' })).result());
    expect(failure.message).toContain('404');
    expect(failure.message).toContain('Check the project id');
    // One run-list request (to reattach after a lost response) and nothing after it.
    expect(h.sim.stats().requests.total - before).toBe(1);
  });

  it('fails on the first attempt when Hex returns 422', async () => {
    const before = h.sim.stats().requests.byRoute.runProject ?? 0;
    const failure = await failureOf(
      (await h.startRun({ projectId: P.typed, inputParams: { days: 'seven', colour: 'red' } })).result()
    );
    expect(failure.message).toContain('422');
    expect(failure.message).toContain('colour');
    expect(failure.message).toContain('days');
    expect((h.sim.stats().requests.byRoute.runProject ?? 0) - before).toBe(1);
    expect(h.sim.runs().filter((run) => run.projectId === P.typed)).toHaveLength(0);
  });

  it('rejects invalid input before any request', async () => {
    const before = h.sim.stats().requests.total;
    const failure = await failureOf(
      (await h.startRun({ projectId: P.completes, inputParams: {}, updatePublishedResults: true })).result()
    );
    expect(failure.type).toBe('InvalidRunHexProjectInput');
    expect(failure.message).toContain('updatePublishedResults cannot be combined with inputParams');
    expect(h.sim.stats().requests.total).toBe(before);
  });

  it('names every problem in invalid input', async () => {
    const input = { projectId: 'not-a-uuid', viewId: 'v1', inputParams: { a: 1 }, waitLimit: 'soon', dryrun: true };
    const failure = await failureOf((await h.startRun(input)).result());
    expect(failure.message).toContain('"not-a-uuid" is not a Hex project id');
    expect(failure.message).toContain('viewId and inputParams cannot be combined');
    expect(failure.message).toContain('waitLimit "soon"');
    expect(failure.message).toContain('unknown field "dryrun"');
  });
});
