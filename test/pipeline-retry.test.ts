// Pipeline steps that run their project again after UNABLE_TO_ALLOCATE_KERNEL or ERRORED, through the child
// workflow's retry policy, and runHexProject's retryableStatuses input that makes this possible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import { failedPipeline, failureOf, project, runsOf, startPipeline, stepOf } from './pipeline-fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const P = {
  noKernelOnce: 'f0000000-0000-4000-8000-000000000001',
  erroredOnce: 'f0000000-0000-4000-8000-000000000002',
  erroredOnceToo: 'f0000000-0000-4000-8000-000000000003',
  neverKernel: 'f0000000-0000-4000-8000-000000000004',
  noKernelOnceToo: 'f0000000-0000-4000-8000-000000000005',
  errored: 'f0000000-0000-4000-8000-000000000006',
  noKernel: 'f0000000-0000-4000-8000-000000000007',
};
const NO_KERNEL = { status: 'UNABLE_TO_ALLOCATE_KERNEL', pendingMs: 200 };
const ERRORED = { status: 'ERRORED', pendingMs: 100, runningMs: 200 };
const COMPLETED = { status: 'COMPLETED', pendingMs: 100, runningMs: 200 };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        project(P.noKernelOnce, NO_KERNEL, COMPLETED),
        project(P.erroredOnce, ERRORED, COMPLETED),
        project(P.erroredOnceToo, ERRORED, COMPLETED),
        project(P.neverKernel, NO_KERNEL),
        project(P.noKernelOnceToo, NO_KERNEL, COMPLETED),
        project(P.errored, ERRORED),
        project(P.noKernel, NO_KERNEL),
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('pipeline step retry', () => {
  it('completes on the second run after UNABLE_TO_ALLOCATE_KERNEL', async () => {
    const handle = await startPipeline(h, {
      name: 'kernel-retry',
      steps: [{ name: 'load', projectId: P.noKernelOnce, retry: { maxRuns: 3, delay: '500ms' } }],
    });
    const result = (await handle.result()) as HexPipelineProgress;

    const load = stepOf(result, 'load');
    expect(load.status).toBe('completed');
    expect(load.runs).toBe(2);
    const runs = runsOf(h, P.noKernelOnce);
    expect(runs.map((run) => run.status)).toEqual(['UNABLE_TO_ALLOCATE_KERNEL', 'COMPLETED']);
    expect(load.runId).toBe(runs[1]?.runId);
    expect((runs[1]?.createdAt ?? 0) - (runs[0]?.endedAt ?? Infinity)).toBeGreaterThanOrEqual(500);
  });

  it('fails without retry settings after one run', async () => {
    const handle = await startPipeline(h, {
      name: 'no-retry',
      steps: [{ name: 'load', projectId: P.noKernelOnceToo }],
    });
    const report = await failedPipeline(handle);

    expect(stepOf(report, 'load').status).toBe('failed');
    expect(stepOf(report, 'load').runStatus).toBe('UNABLE_TO_ALLOCATE_KERNEL');
    expect(runsOf(h, P.noKernelOnceToo)).toHaveLength(1);
  });

  it('does not rerun ERRORED unless asked', async () => {
    const handle = await startPipeline(h, {
      name: 'errored-no-retry',
      steps: [{ name: 'report', projectId: P.erroredOnce, retry: { maxRuns: 3, delay: '200ms' } }],
    });
    const report = await failedPipeline(handle);

    expect(stepOf(report, 'report').status).toBe('failed');
    expect(stepOf(report, 'report').runStatus).toBe('ERRORED');
    expect(runsOf(h, P.erroredOnce)).toHaveLength(1);
  });

  it('reruns ERRORED when onStatuses lists it', async () => {
    const handle = await startPipeline(h, {
      name: 'errored-retry',
      steps: [
        { name: 'report', projectId: P.erroredOnceToo, retry: { maxRuns: 2, delay: '200ms', onStatuses: ['ERRORED'] } },
      ],
    });
    const result = (await handle.result()) as HexPipelineProgress;

    expect(stepOf(result, 'report').status).toBe('completed');
    expect(stepOf(result, 'report').runs).toBe(2);
    expect(runsOf(h, P.erroredOnceToo).map((run) => run.status)).toEqual(['ERRORED', 'COMPLETED']);
  });

  it('stops after maxRuns runs', async () => {
    const handle = await startPipeline(h, {
      name: 'kernel-exhausted',
      steps: [{ name: 'load', projectId: P.neverKernel, retry: { maxRuns: 2, delay: '200ms' } }],
    });
    const report = await failedPipeline(handle);

    const load = stepOf(report, 'load');
    expect(load.status).toBe('failed');
    expect(load.runs).toBe(2);
    expect(load.reason).toContain('UNABLE_TO_ALLOCATE_KERNEL');
    expect(runsOf(h, P.neverKernel)).toHaveLength(2);
  });
});

describe('runHexProject retryableStatuses', () => {
  it('makes an ERRORED run fail retryably', async () => {
    const failure = await failureOf(
      (await h.startRun({ projectId: P.errored, retryableStatuses: ['ERRORED'] })).result()
    );
    expect(failure.type).toBe('HexRunErrored');
    expect(failure.nonRetryable).toBe(false);
  });

  it('makes UNABLE_TO_ALLOCATE_KERNEL final when left out', async () => {
    const failure = await failureOf((await h.startRun({ projectId: P.noKernel, retryableStatuses: [] })).result());
    expect(failure.type).toBe('HexRunUnableToAllocateKernel');
    expect(failure.nonRetryable).toBe(true);
  });

  it('rejects an unknown status before any request', async () => {
    const before = h.sim.stats().requests.total;
    const input = { projectId: P.errored, retryableStatuses: ['KILLED'] };
    const failure = await failureOf((await h.startRun(input as never)).result());
    expect(failure.type).toBe('InvalidRunHexProjectInput');
    expect(failure.message).toContain('retryableStatuses ["KILLED"] is invalid');
    expect(h.sim.stats().requests.total).toBe(before);
  });
});
