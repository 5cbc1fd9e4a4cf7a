// runHexProject: start a Hex run, wait until it ends, and cancel it when the workflow is cancelled or the wait
// limit is reached. Polling is the wait activity's retry policy, not a loop here.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setCurrentDetails,
  setHandler,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { HexRunRef } from '../activities/index.js';
import { isTerminalStatus, type HexRunStatusResponse } from '../hex/types.js';
import { KernelPermit } from './kernel-permit.js';
import { runActivities } from './run-hex-project-activities.js';
import { checkRunHexProjectInput, type CheckedRunInput } from './run-hex-project-input.js';
import { HEX_PROJECT_ID, HEX_RUN_ID, HEX_RUN_STATUS } from './search-attributes.js';
import {
  hexRunPolledSignal,
  hexRunStartedSignal,
  progressQuery,
  RUN_FAILURE_TYPES,
  WAIT_LIMIT_FAILURE_TYPE,
  CANCEL_FAILED_FAILURE_TYPE,
  type HexRunStartedReport,
  type RunHexProjectInput,
  type RunHexProjectProgress,
  type RunHexProjectResult,
} from './run-hex-project-types.js';

export async function runHexProject(input: RunHexProjectInput): Promise<RunHexProjectResult> {
  const checked = checkRunHexProjectInput(input);
  const { projectId } = checked;
  const startedAt = workflowInfo().startTime.getTime();
  const progress: RunHexProjectProgress = {
    projectId,
    status: 'WAITING_FOR_PERMIT',
    elapsedMs: 0,
    polls: 0,
    startedAt: new Date(startedAt).toISOString(),
  };
  // Keeps the query, the HexRunStatus search attribute and the Web UI's current details in step.
  const publish = () => {
    upsertSearchAttributes([{ key: HEX_RUN_STATUS, value: progress.status }]);
    const run = progress.runUrl ? `[Hex run ${progress.runId}](${progress.runUrl})` : 'not started yet';
    setCurrentDetails(`**${progress.status}**: project \`${projectId}\`, ${run}`);
  };
  const setStatus = (status: RunHexProjectProgress['status']) => {
    if (status === progress.status) return;
    progress.status = status;
    publish();
  };
  upsertSearchAttributes([{ key: HEX_PROJECT_ID, value: projectId }]);
  publish();
  setHandler(progressQuery, () => ({ ...progress, elapsedMs: Date.now() - startedAt }));
  setHandler(hexRunPolledSignal, (report) => {
    if (report.runId !== progress.runId) return;
    // The activity reports a new status at once and an unchanged one once a minute; its attempt counts the polls.
    progress.polls = Math.max(progress.polls, report.attempt);
    setStatus(report.status);
    progress.hexElapsedTime = report.elapsedTime;
    progress.lastPollAt = report.polledAt;
    if (!isTerminalStatus(report.status) && !['PENDING', 'RUNNING'].includes(report.status)) {
      log.warn('Hex reported a status this worker does not know; still waiting', { projectId, status: report.status });
    }
  });

  const activities = runActivities(checked.waitLimitMs, checked.pollIntervalMs, checked.maxPollIntervalMs);
  const permit = new KernelPermit();
  try {
    await permit.acquire(activities.requestKernelPermit);
    return await runWithPermit(checked, activities, permit, progress, setStatus);
  } finally {
    await permit.release();
  }
}

/** Starts the run, waits for it and turns its end into the workflow's result or failure. */
async function runWithPermit(
  checked: CheckedRunInput,
  activities: ReturnType<typeof runActivities>,
  permit: KernelPermit,
  progress: RunHexProjectProgress,
  setStatus: (status: RunHexProjectProgress['status']) => void
): Promise<RunHexProjectResult> {
  const { projectId } = checked;
  const { listHexRunIds, startHexRun, waitForHexRun, cancelHexRun } = activities;
  setStatus('STARTING');
  // The run ids from before the request let a retried start find a run whose response was lost.
  const knownRunIds = checked.runOptions.dryRun
    ? undefined
    : await listHexRunIds({ projectId }).catch(surfaceHexFailure);
  // Not cancellable: once the request is out, its run id is needed to cancel the run it may have started.
  const started = await CancellationScope.nonCancellable(() =>
    startHexRun({ projectId, options: checked.runOptions, knownRunIds })
  ).catch(surfaceHexFailure);
  Object.assign(progress, { runId: started.runId, runUrl: started.runUrl });
  upsertSearchAttributes([{ key: HEX_RUN_ID, value: started.runId }]);
  setStatus(checked.runOptions.dryRun ? 'DRY_RUN' : 'PENDING');
  const ref: HexRunRef = { projectId, runId: started.runId };
  log.info('Waiting for Hex run', { projectId, runId: started.runId, runUrl: started.runUrl });
  reportStartToParent({ projectId, runId: started.runId, runUrl: started.runUrl });
  permit.reportRun(ref);

  if (checked.runOptions.dryRun) {
    const { runId, runUrl, projectVersion, traceId } = started;
    return {
      projectId,
      runId,
      runUrl,
      projectVersion,
      traceId,
      status: 'DRY_RUN',
      startTime: null,
      endTime: null,
      elapsedTime: null,
    };
  }

  let final: HexRunStatusResponse;
  try {
    final = await waitForHexRun({
      ...ref,
      pollIntervalMs: checked.pollIntervalMs,
      maxPollIntervalMs: checked.maxPollIntervalMs,
    });
  } catch (error) {
    if (isCancellation(error)) {
      log.info('Workflow cancelled; cancelling the Hex run', { projectId, runId: started.runId });
      const stop = await stopHexRun(cancelHexRun, ref);
      setStatus(stop.status);
      if (stop.problem !== undefined) {
        throw ApplicationFailure.nonRetryable(
          `The workflow was cancelled, but cancelling Hex run ${started.runId} failed: ${stop.problem} ` +
            `Stop the run in Hex: ${started.runUrl}`,
          CANCEL_FAILED_FAILURE_TYPE,
          { ...ref, runUrl: started.runUrl }
        );
      }
      throw error;
    }
    if (isWaitLimitReached(error)) {
      const stop = checked.killOnTimeout ? await stopHexRun(cancelHexRun, ref) : undefined;
      if (stop !== undefined) setStatus(stop.status);
      let outcome = 'it keeps running at Hex';
      if (stop !== undefined)
        outcome = stop.problem === undefined ? 'it was cancelled' : `cancelling it failed (${stop.problem})`;
      throw ApplicationFailure.nonRetryable(
        `Hex run ${started.runId} of project ${projectId} did not end within the wait limit of ` +
          `${checked.waitLimitMs} ms; ${outcome}: ${started.runUrl}`,
        WAIT_LIMIT_FAILURE_TYPE,
        { ...ref, runUrl: started.runUrl, cancelled: stop !== undefined && stop.problem === undefined }
      );
    }
    // Waiting failed for good (a revoked token, say): stop the run rather than leave a kernel going unwatched.
    const stop = await stopHexRun(cancelHexRun, ref);
    setStatus(stop.status);
    const note =
      stop.problem === undefined
        ? ` The Hex run was cancelled.`
        : ` Cancelling the Hex run failed too (${stop.problem}); it may still be running: ${started.runUrl}`;
    return surfaceHexFailure(error, note);
  }

  setStatus(final.status);
  const result: RunHexProjectResult = {
    projectId,
    runId: final.runId,
    runUrl: final.runUrl,
    status: final.status,
    projectVersion: final.projectVersion ?? started.projectVersion,
    startTime: final.startTime ?? null,
    endTime: final.endTime ?? null,
    elapsedTime: final.elapsedTime ?? null,
    traceId: final.traceId,
  };
  if (final.status !== 'COMPLETED') {
    // A retryable failure lets a workflow retry policy (a pipeline step's, say) run the project again.
    const retryable: readonly string[] = checked.retryableStatuses;
    throw ApplicationFailure.create({
      message: `Hex run ${final.runId} of project ${projectId} ended with status ${final.status}: ${final.runUrl}`,
      type: RUN_FAILURE_TYPES[final.status as keyof typeof RUN_FAILURE_TYPES],
      details: [result],
      nonRetryable: !retryable.includes(final.status),
    });
  }
  log.info('Hex run completed', { projectId, runId: final.runId, elapsedTime: final.elapsedTime });
  return result;
}

/**
 * Rethrows an activity's Hex failure (404, 401, invalid options...) as the workflow's own failure, so that the
 * workflow's message names what Hex rejected instead of "Activity task failed".
 */
function surfaceHexFailure(error: unknown, note = ''): never {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    throw ApplicationFailure.create({
      message: cause.message + note,
      type: cause.type ?? undefined,
      details: cause.details ?? undefined,
      nonRetryable: true,
      cause: error,
    });
  }
  throw error;
}

/**
 * Cancels the Hex run whatever scope the workflow is in, and returns the status it ended in, or the reason the
 * cancel request failed.
 */
async function stopHexRun(
  cancelHexRun: ReturnType<typeof runActivities>['cancelHexRun'],
  ref: HexRunRef
): Promise<{ status: string; problem?: string }> {
  try {
    const after = await CancellationScope.nonCancellable(() => cancelHexRun(ref));
    return { status: after?.status ?? 'KILLED' };
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const problem = cause instanceof Error ? cause.message : String(cause);
    log.warn('Could not cancel the Hex run', { ...ref, problem });
    return { status: 'UNKNOWN', problem };
  }
}

/** True when the wait activity ran out of its schedule-to-close time, with or without an attempt in flight. */
function isWaitLimitReached(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    (error.cause instanceof TimeoutFailure || error.retryState === RetryState.TIMEOUT)
  );
}

/**
 * Tells the parent workflow (a pipeline, say) which Hex run this workflow started, so that it can show the run's URL
 * while the run goes on. Not awaited and not cancellable, so that cancelling the workflow still cancels the Hex run.
 */
function reportStartToParent(run: Omit<HexRunStartedReport, 'workflowId' | 'attempt'>): void {
  const { parent, workflowId, attempt } = workflowInfo();
  if (parent === undefined) return;
  const report: HexRunStartedReport = { ...run, workflowId, attempt };
  const parentHandle = getExternalWorkflowHandle(parent.workflowId, parent.runId);
  void CancellationScope.nonCancellable(() => parentHandle.signal(hexRunStartedSignal, report)).catch(
    (error: unknown) => log.warn('Could not tell the parent workflow about the Hex run', { ...report, error })
  );
}
