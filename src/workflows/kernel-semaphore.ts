// hexKernelSemaphore: admits Hex runs one permit at a time, first come first served. A permit is granted while
// fewer than kernelLimit runs have one and the run-request windows have room. Holders release it when their run
// ends. A sweep finds holders whose workflow closed without releasing (terminated, timed out).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { HexRunActivities, KernelPermitActivities } from '../activities/index.js';
import {
  acquirePermitSignal,
  permitGrantedSignal,
  permitRunStartedSignal,
  releasePermitSignal,
  semaphoreStateQuery,
  type KernelSemaphoreState,
  type PermitHolder,
} from './kernel-semaphore-types.js';
import { hexTaskQueues } from './task-queues.js';

/** How often held permits are checked against their workflows while any is held, in milliseconds. */
const DEFAULT_HOLDER_CHECK_INTERVAL_MS = 60_000;
/** History length after which the semaphore continues as new, well below Temporal's warning at 10,240 events. */
const MAX_HISTORY_EVENTS = 5_000;

const { findClosedWorkflows } = proxyActivities<KernelPermitActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

export async function hexKernelSemaphore(initial: KernelSemaphoreState): Promise<void> {
  const state: KernelSemaphoreState = {
    limits: initial.limits,
    holders: [...initial.holders],
    queue: [...initial.queue],
    grantTimes: [...initial.grantTimes],
  };
  let changed = true;
  let notifying = 0;
  const settled = () => notifying === 0 && allHandlersFinished();

  setHandler(acquirePermitSignal, (request) => {
    state.limits = request.limits;
    const known = state.holders.some((h) => h.requestId === request.requestId);
    const waiting = state.queue.some((w) => w.requestId === request.requestId);
    if (!known && !waiting) {
      const { requestId, workflowId, runId } = request;
      state.queue.push({ requestId, workflowId, runId, requestedAt: Date.now() });
    }
    changed = true;
  });
  setHandler(releasePermitSignal, ({ requestId }) => {
    release(state, requestId);
    changed = true;
  });
  setHandler(permitRunStartedSignal, ({ requestId, projectId, runId }) => {
    const holder = state.holders.find((h) => h.requestId === requestId);
    if (holder) holder.hexRun = { projectId, runId };
  });
  setHandler(semaphoreStateQuery, () => state);

  const sweepInterval = () => state.limits.holderCheckIntervalMs ?? DEFAULT_HOLDER_CHECK_INTERVAL_MS;
  let nextSweepAt = Date.now() + sweepInterval();
  for (;;) {
    changed = false;
    // Grants are signalled without waiting, so one workflow task can admit many runs while releases arrive.
    for (const holder of grantPermits(state, Date.now())) {
      notifying += 1;
      void notifyHolder(state, holder).finally(() => {
        notifying -= 1;
        changed = true;
      });
    }

    if (state.holders.length > 0 && Date.now() >= nextSweepAt) {
      const closed = await findClosedWorkflows(state.holders.map(({ workflowId, runId }) => ({ workflowId, runId })));
      for (const holder of state.holders.filter((h) => closed.includes(h.runId))) {
        // The workflow closed without cleaning up (terminated, timed out), so no workflow watches its Hex run any more.
        if (holder.hexRun) await cancelOrphanedRun(holder.hexRun);
        log.warn('Released the permit of a workflow that closed without releasing it', { ...holder });
        release(state, holder.requestId);
      }
      nextSweepAt = Date.now() + sweepInterval();
      continue;
    }

    const idle = state.holders.length === 0 && state.queue.length === 0;
    if (idle && state.grantTimes.length === 0) {
      // Nothing held, nothing waiting and no grant left in any window: the next request starts a new semaphore.
      await condition(settled);
      return;
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS) {
      await condition(settled);
      await continueAsNew<typeof hexKernelSemaphore>(state);
    }

    const wakeAt = Math.min(
      nextWindowChange(state, Date.now()),
      state.holders.length > 0 ? nextSweepAt : Number.POSITIVE_INFINITY
    );
    const timeout = Number.isFinite(wakeAt) ? Math.max(1, wakeAt - Date.now()) : undefined;
    if (timeout === undefined) await condition(() => changed);
    else await condition(() => changed, timeout);
  }
}

/** Moves requests from the queue to the holders while a kernel is free and the run-request windows allow. */
export function grantPermits(state: KernelSemaphoreState, now: number): PermitHolder[] {
  pruneGrantTimes(state, now);
  const granted: PermitHolder[] = [];
  while (state.queue.length > 0 && state.holders.length < state.limits.kernelLimit && windowsAllow(state, now)) {
    const next = state.queue.shift()!;
    const holder: PermitHolder = {
      requestId: next.requestId,
      workflowId: next.workflowId,
      runId: next.runId,
      grantedAt: now,
    };
    state.holders.push(holder);
    state.grantTimes.push(now);
    granted.push(holder);
  }
  return granted;
}

function windowsAllow(state: KernelSemaphoreState, now: number): boolean {
  const { runRequestsPerMinute, runRequestsPerHour, minuteMs, hourMs } = state.limits;
  const inMinute = state.grantTimes.filter((time) => time > now - minuteMs).length;
  const inHour = state.grantTimes.filter((time) => time > now - hourMs).length;
  return inMinute < runRequestsPerMinute && inHour < runRequestsPerHour;
}

/** When a window next frees a slot or drops its last grant; infinity when nothing waits on time. */
export function nextWindowChange(state: KernelSemaphoreState, now: number): number {
  const { runRequestsPerMinute, runRequestsPerHour, minuteMs, hourMs } = state.limits;
  const times = state.grantTimes;
  let next = Number.POSITIVE_INFINITY;
  const blocked = state.queue.length > 0 && state.holders.length < state.limits.kernelLimit;
  if (blocked) {
    const inMinute = times.filter((time) => time > now - minuteMs);
    const inHour = times.filter((time) => time > now - hourMs);
    if (inMinute.length >= runRequestsPerMinute)
      next = Math.min(next, inMinute[inMinute.length - runRequestsPerMinute]! + minuteMs);
    if (inHour.length >= runRequestsPerHour)
      next = Math.min(next, inHour[inHour.length - runRequestsPerHour]! + hourMs);
  }
  // With nothing held or waiting, wake when the oldest grant leaves the hour window, so an idle semaphore ends.
  if (state.holders.length === 0 && state.queue.length === 0 && times.length > 0)
    next = Math.min(next, times[0]! + hourMs);
  return next;
}

function pruneGrantTimes(state: KernelSemaphoreState, now: number): void {
  const hourMs = state.limits.hourMs;
  state.grantTimes = state.grantTimes.filter((time) => time > now - hourMs);
}

function release(state: KernelSemaphoreState, requestId: string): void {
  state.holders = state.holders.filter((h) => h.requestId !== requestId);
  state.queue = state.queue.filter((w) => w.requestId !== requestId);
}

/** Cancels a Hex run whose workflow is gone; a failure is logged, since the permit is released either way. */
async function cancelOrphanedRun(run: { projectId: string; runId: string }): Promise<void> {
  const { cancelHexRun } = proxyActivities<HexRunActivities>({
    taskQueue: hexTaskQueues(workflowInfo().taskQueue).otherRequests,
    startToCloseTimeout: '1m',
    scheduleToCloseTimeout: '10m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  });
  try {
    const after = await cancelHexRun(run);
    log.warn('Cancelled the Hex run of a workflow that closed without cleaning up', { ...run, status: after?.status });
  } catch (error) {
    log.warn('Could not cancel the Hex run of a closed workflow', { ...run, error: String(error) });
  }
}

/** Signals the grant; a requester that is gone gets its permit taken back. */
async function notifyHolder(state: KernelSemaphoreState, holder: PermitHolder): Promise<void> {
  try {
    await getExternalWorkflowHandle(holder.workflowId, holder.runId).signal(permitGrantedSignal, {
      requestId: holder.requestId,
    });
  } catch (error) {
    log.warn('Could not deliver a permit; releasing it', { ...holder, error: String(error) });
    release(state, holder.requestId);
  }
}
