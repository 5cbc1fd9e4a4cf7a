// Activity unit tests in MockActivityEnvironment, with a stand-in Hex client; the integration tests cover the rest.
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { describe, expect, it, vi } from 'vitest';
import { createHexRunActivities, nextPollDelay, type WaitForHexRunInput } from '../src/activities/index.js';
import type { HexClient } from '../src/hex/client.js';
import { HexApiError } from '../src/hex/errors.js';
import type { HexRunStatusResponse } from '../src/hex/types.js';

const PROJECT = 'd0000000-0000-4000-8000-000000000001';
const RUN = 'e0000000-0000-4000-8000-000000000001';
const WORKFLOW = { workflowId: 'wf-1', runId: 'r-1' };

function status(value: string): HexRunStatusResponse {
  return {
    projectId: PROJECT,
    runId: RUN,
    runUrl: `https://hex.example/run/${RUN}`,
    status: value,
    projectVersion: 3,
    startTime: null,
    endTime: null,
    elapsedTime: null,
    traceId: 't-1',
  };
}

function fakeHex(overrides: Partial<Record<keyof HexClient, unknown>>): HexClient {
  const unexpected = (name: string) => vi.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  return {
    runProject: unexpected('runProject'),
    getRunStatus: unexpected('getRunStatus'),
    cancelRun: unexpected('cancelRun'),
    listRuns: unexpected('listRuns'),
    ...overrides,
  } as unknown as HexClient;
}

function httpError(statusCode: number, retryAfterMs?: number) {
  return new HexApiError({ kind: 'http', operation: 'GET /v1/x', statusCode, retryAfterMs, mayHaveStartedRun: false });
}

const poll = { intervalMs: 1000, maxIntervalMs: 8000, backoffCoefficient: 2 };

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('waitForHexRun', () => {
  it('returns the status of an ended run', async () => {
    const reportPoll = vi.fn(() => Promise.resolve());
    const { waitForHexRun } = createHexRunActivities({
      hex: fakeHex({ getRunStatus: vi.fn(() => Promise.resolve(status('ERRORED'))) }),
      poll,
      reportPoll,
    });
    const env = new MockActivityEnvironment({ attempt: 4, workflowExecution: WORKFLOW });
    const result = await env.run<[WaitForHexRunInput], HexRunStatusResponse, typeof waitForHexRun>(waitForHexRun, {
      projectId: PROJECT,
      runId: RUN,
    });

    expect(result.status).toBe('ERRORED');
    expect(reportPoll).toHaveBeenCalledWith('wf-1', expect.objectContaining({ status: 'ERRORED', attempt: 4 }));
  });

  it.each(['PENDING', 'RUNNING', 'SOMETHING_NEW'])('fails benign and retryable while %s', async (value) => {
    const { waitForHexRun } = createHexRunActivities({
      hex: fakeHex({ getRunStatus: vi.fn(() => Promise.resolve(status(value))) }),
      poll,
      reportPoll: () => Promise.resolve(),
    });
    const env = new MockActivityEnvironment({ attempt: 3, workflowExecution: WORKFLOW });
    const failure = await failureOf(env.run(waitForHexRun, { projectId: PROJECT, runId: RUN }));

    expect(failure.type).toBe('HexRunStillRunning');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.category).toBe(ApplicationFailureCategory.BENIGN);
    expect(failure.nextRetryDelay).toBe(4000);
    expect(failure.message).toContain(value);
  });

  it('keeps polling when the progress report fails', async () => {
    const { waitForHexRun } = createHexRunActivities({
      hex: fakeHex({ getRunStatus: vi.fn(() => Promise.resolve(status('COMPLETED'))) }),
      poll,
      reportPoll: () => Promise.reject(new Error('signal failed')),
    });
    const env = new MockActivityEnvironment({ workflowExecution: WORKFLOW });
    const result = await env.run<[WaitForHexRunInput], HexRunStatusResponse, typeof waitForHexRun>(waitForHexRun, {
      projectId: PROJECT,
      runId: RUN,
    });
    expect(result.status).toBe('COMPLETED');
  });

  it.each([
    [429, 2500, 2500, false],
    [429, undefined, 777, false],
    [500, undefined, 1000, false],
    [404, undefined, undefined, true],
    [401, undefined, undefined, true],
  ])('maps HTTP %i to a failure', async (code, retryAfterMs, expectedDelay, nonRetryable) => {
    const { waitForHexRun } = createHexRunActivities({
      hex: fakeHex({ getRunStatus: vi.fn(() => Promise.reject(httpError(code, retryAfterMs))) }),
      poll,
      rateLimitDelayMs: 777,
      reportPoll: () => Promise.resolve(),
    });
    const env = new MockActivityEnvironment({ workflowExecution: WORKFLOW });
    const failure = await failureOf(env.run(waitForHexRun, { projectId: PROJECT, runId: RUN }));

    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.nextRetryDelay).toBe(expectedDelay);
    expect(failure.message).toContain(`HTTP ${code}`);
  });
});

describe('nextPollDelay', () => {
  it('grows by the coefficient and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 9].map((attempt) => nextPollDelay(attempt, poll))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('stays constant with coefficient 1', () => {
    const constant = { ...poll, backoffCoefficient: 1 };
    expect(nextPollDelay(1, constant)).toBe(1000);
    expect(nextPollDelay(50, constant)).toBe(1000);
  });
});

describe('startHexRun', () => {
  const response = {
    projectId: PROJECT,
    runId: RUN,
    runUrl: 'https://hex.example/run',
    runStatusUrl: 'https://hex.example/api',
    traceId: 't',
    projectVersion: 1,
  };

  it('rejects invalid options without a request', async () => {
    const hex = fakeHex({});
    const { startHexRun } = createHexRunActivities({ hex, poll });
    const env = new MockActivityEnvironment();
    const failure = await failureOf(
      env.run(startHexRun, { projectId: PROJECT, options: { viewId: 'v', inputParams: {} } })
    );
    expect(failure.type).toBe('InvalidRunOptions');
    expect(failure.nonRetryable).toBe(true);
  });

  it('records the started run in a heartbeat', async () => {
    const runProject = vi.fn(() => Promise.resolve(response));
    const hex = fakeHex({ runProject });
    const { startHexRun } = createHexRunActivities({ hex, poll });
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));

    const input = { projectId: PROJECT, options: { inputParams: { a: 1 } }, knownRunIds: [RUN] };
    const started = await env.run(startHexRun, input);
    expect(started).toMatchObject({ runId: RUN, reattached: false });
    expect(runProject).toHaveBeenCalledWith(PROJECT, { inputParams: { a: 1 } }, expect.anything());
    expect(heartbeats).toEqual([
      { knownRunIds: [RUN], postSent: true },
      { startedRun: { projectId: PROJECT, runId: RUN, runUrl: response.runUrl, projectVersion: 1, traceId: 't' } },
    ]);
  });

  it('returns the run an earlier attempt recorded without posting', async () => {
    const { startHexRun } = createHexRunActivities({ hex: fakeHex({}), poll });
    const startedRun = { projectId: PROJECT, runId: RUN, runUrl: 'u', projectVersion: 1, traceId: 't' };
    const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: { startedRun } });
    expect(await env.run(startHexRun, { projectId: PROJECT, options: {} })).toEqual({
      ...startedRun,
      reattached: true,
    });
  });

  /** A client whose visibility lists `claimedRunIds` as the HexRunId of some workflow. */
  const clientClaiming = (claimedRunIds: string[]) =>
    ({
      withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
      workflow: {
        count: (query: string) =>
          Promise.resolve({ count: claimedRunIds.filter((id) => query.includes(id)).length, groups: [] }),
      },
    }) as unknown as Client;

  it('reattaches to a run that a lost request started', async () => {
    const newRun = { ...status('PENDING'), runId: 'f0000000-0000-4000-8000-000000000009' };
    const hex = fakeHex({ listRuns: vi.fn(() => Promise.resolve({ runs: [newRun, status('COMPLETED')] })) });
    const { startHexRun } = createHexRunActivities({ hex, poll });
    const env = new MockActivityEnvironment(
      { attempt: 2, heartbeatDetails: { knownRunIds: [RUN], postSent: true } },
      { client: clientClaiming([]) }
    );
    const started = await env.run(startHexRun, { projectId: PROJECT, options: {} });
    expect(started).toMatchObject({ runId: newRun.runId, reattached: true });
  });

  it('leaves a run that another workflow claimed', async () => {
    const sibling = { ...status('PENDING'), runId: 'f0000000-0000-4000-8000-00000000000a' };
    const runProject = vi.fn(() => Promise.resolve(response));
    const hex = fakeHex({ runProject, listRuns: vi.fn(() => Promise.resolve({ runs: [sibling] })) });
    const { startHexRun } = createHexRunActivities({ hex, poll });
    const env = new MockActivityEnvironment(
      { attempt: 2, heartbeatDetails: { knownRunIds: [], postSent: true } },
      { client: clientClaiming([sibling.runId]) }
    );
    expect(await env.run(startHexRun, { projectId: PROJECT, options: {} })).toMatchObject({
      runId: RUN,
      reattached: false,
    });
    expect(runProject).toHaveBeenCalledTimes(1);
  });

  it('posts again when the lost request started nothing', async () => {
    const runProject = vi.fn(() => Promise.resolve(response));
    const hex = fakeHex({ runProject, listRuns: vi.fn(() => Promise.resolve({ runs: [status('COMPLETED')] })) });
    const { startHexRun } = createHexRunActivities({ hex, poll });
    const env = new MockActivityEnvironment(
      { attempt: 2, heartbeatDetails: { knownRunIds: [RUN], postSent: true } },
      { client: clientClaiming([]) }
    );
    expect(await env.run(startHexRun, { projectId: PROJECT, options: {} })).toMatchObject({ reattached: false });
    expect(runProject).toHaveBeenCalledTimes(1);
  });
});

describe('cancelHexRun', () => {
  it('treats a run Hex no longer knows as gone', async () => {
    const hex = fakeHex({ cancelRun: vi.fn(() => Promise.reject(httpError(404))) });
    const { cancelHexRun } = createHexRunActivities({ hex, poll });
    expect(await new MockActivityEnvironment().run(cancelHexRun, { projectId: PROJECT, runId: RUN })).toBeNull();
  });
});
