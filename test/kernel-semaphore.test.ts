// The kernel semaphore with a limit of one run in flight: order, release in every way a run can end, a cancelled
// waiter leaving the queue, and a worker restart while a permit is held. Real dev server and simulator.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelSemaphoreState } from '../src/workflows/kernel-semaphore-types.js';
import type { RunHexProjectProgress } from '../src/workflows/run-hex-project-types.js';
import { startHarness, type Harness } from './support/harness.js';
import { waitFor } from './support/waiting.js';

const P = {
  short: 'f1000000-0000-4000-8000-000000000001',
  errors: 'f1000000-0000-4000-8000-000000000002',
  long: 'f1000000-0000-4000-8000-000000000003',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        { projectId: P.short, title: 'Short', outcomes: [{ status: 'COMPLETED', pendingMs: 50, runningMs: 700 }] },
        { projectId: P.errors, title: 'Errors', outcomes: [{ status: 'ERRORED', pendingMs: 50, runningMs: 500 }] },
        { projectId: P.long, title: 'Long', outcomes: [{ status: 'COMPLETED', runningMs: 10 * 60_000 }] },
      ],
    },
    settings: { limits: { kernelLimit: 1 } },
  });
});

afterAll(async () => {
  await h?.close();
});

const progressOf = (handle: WorkflowHandle) => handle.query<RunHexProjectProgress>('progress');
const statusOf = async (handle: WorkflowHandle) => (await progressOf(handle)).status;
const semaphore = () => h.client.workflow.getHandle(h.settings.limits.semaphoreWorkflowId);
const semaphoreState = () => semaphore().query<KernelSemaphoreState>('state');
const settled = (promise: Promise<unknown>) =>
  promise.then(
    () => 'completed',
    () => 'failed'
  );

/** Starts runs one after another, each once the previous one has joined the semaphore's queue or holds a permit. */
async function startInOrder(projectIds: string[], extra: Record<string, unknown> = {}): Promise<WorkflowHandle[]> {
  const handles: WorkflowHandle[] = [];
  for (const projectId of projectIds) {
    const handle = await h.startRun({ projectId, ...extra }, `sem-${randomUUID()}`);
    await waitFor(semaphoreState, (state) =>
      [...state.holders, ...state.queue].some((entry) => entry.workflowId === handle.workflowId)
    );
    handles.push(handle);
  }
  return handles;
}

function runsOf(projectId: string) {
  return h.sim.runs().filter((run) => run.projectId === projectId);
}

describe('kernel semaphore', () => {
  it('admits runs one at a time in arrival order', async () => {
    const handles = await startInOrder([P.short, P.short, P.short]);
    await Promise.all(handles.map((handle) => handle.result()));

    const results = await Promise.all(handles.map((handle) => progressOf(handle)));
    const runs = results.map((progress) => h.sim.getRun(progress.runId ?? '')!);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.createdAt).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt!);
    }
    expect(h.sim.stats().maxInFlightRuns).toBe(1);
  });

  it('releases the permit when a run fails', async () => {
    const [failing, next] = await startInOrder([P.errors, P.short]);
    expect(await settled(failing!.result())).toBe('failed');
    expect(await settled(next!.result())).toBe('completed');
  });

  it('releases the permit when the wait limit is reached', async () => {
    const [limited, next] = await startInOrder([P.long, P.short], { waitLimit: '1500ms' });
    expect(await settled(limited!.result())).toBe('failed');
    expect(await settled(next!.result())).toBe('completed');
  });

  it('releases the permit when the holder is cancelled', async () => {
    const [holder, next] = await startInOrder([P.long, P.short]);
    await waitFor(
      () => statusOf(holder!),
      (status) => status === 'RUNNING'
    );
    expect(await statusOf(next!)).toBe('WAITING_FOR_PERMIT');
    await holder!.cancel();
    expect(await settled(next!.result())).toBe('completed');
  });

  it('takes a waiting run out of the queue when it is cancelled', async () => {
    const longRunsBefore = runsOf(P.long).length;
    const [holder, waiter, last] = await startInOrder([P.short, P.long, P.short]);
    await waiter!.cancel();
    await waitFor(semaphoreState, (state) => !state.queue.some((entry) => entry.workflowId === waiter!.workflowId));

    expect(await settled(holder!.result())).toBe('completed');
    expect(await settled(last!.result())).toBe('completed');
    expect(await settled(waiter!.result())).toBe('failed');
    expect(runsOf(P.long).length).toBe(longRunsBefore);
  });

  it("takes back a terminated holder's permit and run", async () => {
    const [holder, next] = await startInOrder([P.long, P.short]);
    await waitFor(
      () => statusOf(holder!),
      (status) => status === 'RUNNING'
    );
    const { runId } = await progressOf(holder!);
    await holder!.terminate('test: a holder that never releases');
    expect(await settled(next!.result())).toBe('completed');
    // No workflow watched the terminated workflow's run any more, so the semaphore cancelled it.
    expect(h.sim.getRun(runId ?? '')?.status).toBe('KILLED');
  });

  it('keeps permits and the queue across a worker restart', async () => {
    const [holder, next] = await startInOrder([P.short, P.short]);
    await waitFor(
      () => statusOf(holder!),
      (status) => ['PENDING', 'RUNNING'].includes(status)
    );
    await h.restartWorker();

    expect(await settled(holder!.result())).toBe('completed');
    expect(await settled(next!.result())).toBe('completed');
    const [first, second] = await Promise.all([progressOf(holder!), progressOf(next!)]);
    expect(h.sim.getRun(second.runId ?? '')!.createdAt).toBeGreaterThanOrEqual(
      h.sim.getRun(first.runId ?? '')!.endedAt!
    );
  }, 120_000);
});
