// hexPipeline end to end: dependency order, parallel steps, failure policies, cancellation and progress, against
// the real Temporal dev server, the worker and the Hex API simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HexPipelineInput, HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import type { RunHexProjectProgress } from '../src/workflows/run-hex-project-types.js';
import { failedPipeline, failureOf, project, runsOf, startPipeline, stepOf, waitFor } from './pipeline-fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const P = {
  a: 'd0000000-0000-4000-8000-00000000000a',
  b: 'd0000000-0000-4000-8000-00000000000b',
  c: 'd0000000-0000-4000-8000-00000000000c',
  d: 'd0000000-0000-4000-8000-00000000000d',
  fails: 'd0000000-0000-4000-8000-0000000000e1',
  long: 'd0000000-0000-4000-8000-0000000000e2',
  medium: 'd0000000-0000-4000-8000-0000000000e3',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        project(P.a, { status: 'COMPLETED', pendingMs: 100, runningMs: 300 }),
        project(P.b, { status: 'COMPLETED', pendingMs: 100, runningMs: 1200 }),
        project(P.c, { status: 'COMPLETED', pendingMs: 100, runningMs: 1200 }),
        project(P.d, { status: 'COMPLETED', pendingMs: 100, runningMs: 300 }),
        project(P.fails, { status: 'ERRORED', pendingMs: 100, runningMs: 500 }),
        project(P.long, { status: 'COMPLETED', pendingMs: 100, runningMs: 10 * 60_000 }),
        project(P.medium, { status: 'COMPLETED', pendingMs: 100, runningMs: 1500 }),
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

function diamond(name: string, projects: { b: string; c: string }): HexPipelineInput {
  return {
    name,
    steps: [
      { name: 'a', projectId: P.a },
      { name: 'b', projectId: projects.b, dependsOn: ['a'] },
      { name: 'c', projectId: projects.c, dependsOn: ['a'] },
      { name: 'd', projectId: P.d, dependsOn: ['b', 'c'] },
    ],
  };
}

describe('hexPipeline', () => {
  it('runs a diamond in dependency order', async () => {
    const handle = await startPipeline(h, diamond('diamond', { b: P.b, c: P.c }));
    const result = (await handle.result()) as HexPipelineProgress;

    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const [a, b, c, d] = [P.a, P.b, P.c, P.d].map((id) => runsOf(h, id).at(-1));
    expect(b?.createdAt).toBeGreaterThanOrEqual(a?.endedAt ?? Infinity);
    expect(c?.createdAt).toBeGreaterThanOrEqual(a?.endedAt ?? Infinity);
    // B and C overlap: each started before the other ended.
    expect(b?.startedAt).toBeLessThan(c?.endedAt ?? 0);
    expect(c?.startedAt).toBeLessThan(b?.endedAt ?? 0);
    // D started after both ended.
    expect(d?.createdAt).toBeGreaterThanOrEqual(b?.endedAt ?? Infinity);
    expect(d?.createdAt).toBeGreaterThanOrEqual(c?.endedAt ?? Infinity);
    for (const step of result.steps) {
      expect(step.runUrl).toContain(step.runId);
      expect(step.workflowId).toBe(`${handle.workflowId}/${step.name}`);
      expect(step.startedAt).toBeTruthy();
      expect(step.endedAt).toBeTruthy();
      expect(step.runStatus).toBe('COMPLETED');
    }
    expect(stepOf(result, 'b').runId).toBe(b?.runId);
  });

  it('failFast cancels the running sibling and skips dependents', async () => {
    const input = diamond('fail-fast', { b: P.fails, c: P.long });
    input.steps.push({ name: 'after-c', projectId: P.d, dependsOn: ['c'] });
    const runsOfD = runsOf(h, P.d).length;
    const report = await failedPipeline(await startPipeline(h, input));

    expect(report.status).toBe('failed');
    expect(stepOf(report, 'a').status).toBe('completed');
    expect(stepOf(report, 'b').status).toBe('failed');
    expect(stepOf(report, 'b').runStatus).toBe('ERRORED');
    expect(stepOf(report, 'b').reason).toContain('ERRORED');
    const sibling = stepOf(report, 'c');
    expect(sibling.status).toBe('cancelled');
    expect(sibling.reason).toContain('step "b" failed and the failure policy is failFast');
    expect(h.sim.getRun(sibling.runId ?? '')?.status).toBe('KILLED');
    expect(h.sim.getRun(sibling.runId ?? '')?.killedByCancel).toBe(true);
    expect(stepOf(report, 'd').status).toBe('skipped');
    expect(stepOf(report, 'd').reason).toContain('step "b" failed');
    expect(stepOf(report, 'after-c').status).toBe('skipped');
    expect(stepOf(report, 'after-c').reason).toContain('step "c" was cancelled');
    expect(runsOf(h, P.d)).toHaveLength(runsOfD);
  });

  it('continue lets the independent branch finish', async () => {
    const input: HexPipelineInput = {
      name: 'keep-going',
      failurePolicy: 'continue',
      steps: [
        { name: 'a', projectId: P.a },
        { name: 'broken', projectId: P.fails, dependsOn: ['a'] },
        { name: 'slow', projectId: P.medium, dependsOn: ['a'] },
        { name: 'after-slow', projectId: P.d, dependsOn: ['slow'] },
        { name: 'after-broken', projectId: P.d, dependsOn: ['broken'] },
        { name: 'after-both', projectId: P.d, dependsOn: ['after-slow', 'after-broken'] },
      ],
    };
    const handle = await startPipeline(h, input);
    const failure = await failureOf(handle.result());
    const report = failure.details?.[0] as HexPipelineProgress;

    expect(failure.message).toContain('step "broken" failed');
    expect(failure.message).toContain('skipped: after-broken, after-both');
    expect(report.steps.map((step) => [step.name, step.status])).toEqual([
      ['a', 'completed'],
      ['broken', 'failed'],
      ['slow', 'completed'],
      ['after-slow', 'completed'],
      ['after-broken', 'skipped'],
      ['after-both', 'skipped'],
    ]);
    // The slow branch ran past the failure instead of being cancelled.
    const slow = h.sim.getRun(stepOf(report, 'slow').runId ?? '');
    const broken = h.sim.getRun(stepOf(report, 'broken').runId ?? '');
    expect(slow?.status).toBe('COMPLETED');
    expect(slow?.endedAt).toBeGreaterThan(broken?.endedAt ?? Infinity);
    expect(stepOf(report, 'after-both').reason).toContain('step "after-broken" was skipped');
  });

  it('reports each step in the progress query', async () => {
    const input: HexPipelineInput = {
      name: 'progress',
      steps: [
        { name: 'long', projectId: P.long },
        { name: 'next', projectId: P.d, dependsOn: ['long'] },
      ],
    };
    const handle = await startPipeline(h, input);
    const progress = await waitFor(
      () => handle.query<HexPipelineProgress>('progress'),
      (p) => stepOf(p, 'long').runUrl !== undefined
    );

    expect(progress.status).toBe('running');
    expect(progress.pipeline).toBe('progress');
    expect(progress.logicalDateSource).toBe('startTime');
    const long = stepOf(progress, 'long');
    expect(long.status).toBe('running');
    expect(long.runs).toBe(1);
    expect(long.runUrl).toContain(long.runId);
    expect(h.sim.getRun(long.runId ?? '')?.projectId).toBe(P.long);
    expect(stepOf(progress, 'next').status).toBe('waiting');
    const child = await h.client.workflow.getHandle(long.workflowId).query<RunHexProjectProgress>('progress');
    expect(child.runId).toBe(long.runId);
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
  });

  it('cancels every running Hex run when cancelled', async () => {
    const input: HexPipelineInput = {
      name: 'cancelled',
      steps: [
        { name: 'one', projectId: P.long },
        { name: 'two', projectId: P.long },
        { name: 'three', projectId: P.d, dependsOn: ['one', 'two'] },
      ],
    };
    const handle = await startPipeline(h, input);
    await waitFor(
      () => handle.query<HexPipelineProgress>('progress'),
      (p) => p.steps.filter((step) => step.runId !== undefined).length === 2
    );
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();

    // The query and the Hex runs are read after the workflow ended: it waited for its steps' Hex runs to be cancelled.
    const report = await handle.query<HexPipelineProgress>('progress');
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(report.status).toBe('cancelled');
    for (const name of ['one', 'two']) {
      const step = stepOf(report, name);
      expect(step.status).toBe('cancelled');
      expect(h.sim.getRun(step.runId ?? '')?.status).toBe('KILLED');
      expect((await h.client.workflow.getHandle(step.workflowId).describe()).status.name).toBe('CANCELLED');
    }
    expect(stepOf(report, 'three').status).toBe('cancelled');
    expect(stepOf(report, 'three').runId).toBeUndefined();
  });

  it('cancels Hex runs when terminated', async () => {
    const handle = await startPipeline(h, { name: 'terminated', steps: [{ name: 'one', projectId: P.long }] });
    const progress = await waitFor(
      () => handle.query<HexPipelineProgress>('progress'),
      (p) => stepOf(p, 'one').runId !== undefined
    );
    await handle.terminate('test');

    // Terminating skips the workflow's own code, so the parent close policy is what cancels the step.
    const runId = stepOf(progress, 'one').runId ?? '';
    await waitFor(
      () => h.sim.getRun(runId)?.status,
      (status) => status === 'KILLED'
    );
    const child = h.client.workflow.getHandle(stepOf(progress, 'one').workflowId);
    await expect(child.result()).rejects.toThrow();
    expect((await child.describe()).status.name).toBe('CANCELLED');
  });
});
