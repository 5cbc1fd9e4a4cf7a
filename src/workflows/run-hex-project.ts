// runHexProject: start a Hex run, wait until it ends, and cancel it when the workflow is cancelled or the wait
// limit is reached. Polling is the wait activity's retry policy, not a loop here.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { HexRunActivities, HexRunRef } from '../activities/index.js';
import { isTerminalStatus, type HexRunStatusResponse } from '../hex/types.js';
import { checkRunHexProjectInput } from './run-hex-project-input.js';
import { HEX_PROJECT_ID, HEX_RUN_ID, HEX_RUN_STATUS } from './search-attributes.js';
import {
  hexRunPolledSignal,
  progressQuery,
  RUN_FAILURE_TYPES,
  WAIT_LIMIT_FAILURE_TYPE,
  type RunHexProjectInput,
  type RunHexProjectProgress,
  type RunHexProjectResult,
} from './run-hex-project-types.js';

const { startHexRun } = proxyActivities<HexRunActivities>({
  // The start activity reattaches to a run that a lost request started, so retrying it is safe.
  startToCloseTimeout: '2m',
  // Hex allows 60 run requests an hour, so a rate-limited start may wait most of an hour.
  scheduleToCloseTimeout: '70m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

const { cancelHexRun } = proxyActivities<HexRunActivities>({
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '10m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

export async function runHexProject(input: RunHexProjectInput): Promise<RunHexProjectResult> {
  const checked = checkRunHexProjectInput(input);
  const { projectId } = checked;
  const startedAt = workflowInfo().startTime.getTime();
  const progress: RunHexProjectProgress = { projectId, status: 'STARTING', elapsedMs: 0, polls: 0 };
  upsertSearchAttributes([{ key: HEX_PROJECT_ID, value: projectId }]);
  // Keeps the query, the HexRunStatus search attribute and the Web UI's current details in step.
  const setStatus = (status: RunHexProjectProgress['status']) => {
    if (status === progress.status && status !== 'STARTING') return;
    progress.status = status;
    upsertSearchAttributes([{ key: HEX_RUN_STATUS, value: status }]);
    const run = progress.runUrl ? `[Hex run ${progress.runId}](${progress.runUrl})` : 'not started yet';
    setCurrentDetails(`**${status}**: project \`${projectId}\`, ${run}`);
  };
  setStatus('STARTING');
  setHandler(progressQuery, () => ({ ...progress, elapsedMs: Date.now() - startedAt }));
  setHandler(hexRunPolledSignal, (report) => {
    if (report.runId !== progress.runId) return;
    progress.polls += 1;
    setStatus(report.status);
    progress.hexElapsedTime = report.elapsedTime;
    progress.lastPollAt = report.polledAt;
    if (!isTerminalStatus(report.status) && !['PENDING', 'RUNNING'].includes(report.status)) {
      log.warn('Hex reported a status this worker does not know; still waiting', { projectId, status: report.status });
    }
  });

  // Not cancellable: once the request is out, its run id is needed to cancel the run it may have started.
  const started = await CancellationScope.nonCancellable(() =>
    startHexRun({ projectId, options: checked.runOptions })
  ).catch(surfaceHexFailure);
  Object.assign(progress, { runId: started.runId, runUrl: started.runUrl });
  upsertSearchAttributes([{ key: HEX_RUN_ID, value: started.runId }]);
  setStatus(checked.runOptions.dryRun ? 'DRY_RUN' : 'PENDING');
  const ref: HexRunRef = { projectId, runId: started.runId };
  log.info('Waiting for Hex run', { projectId, runId: started.runId, runUrl: started.runUrl });

  if (checked.runOptions.dryRun) {
    return { ...started, status: 'DRY_RUN', startTime: null, endTime: null, elapsedTime: null };
  }

  const { waitForHexRun } = proxyActivities<HexRunActivities>({
    scheduleToCloseTimeout: checked.waitLimitMs,
    startToCloseTimeout: '1m',
    // The first retry waits this long unless the activity sets nextRetryDelay, which it does on every failure it knows.
    retry: { initialInterval: checked.pollIntervalMs ?? '5s', backoffCoefficient: 1, maximumInterval: '1m' },
    cancellationType: ActivityCancellationType.TRY_CANCEL,
  });

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
      const cancelled = await CancellationScope.nonCancellable(() => cancelHexRun(ref));
      setStatus(cancelled?.status ?? 'KILLED');
      throw error;
    }
    if (isWaitLimitReached(error)) {
      const cancelled = checked.killOnTimeout ? await cancelHexRun(ref) : undefined;
      if (cancelled !== undefined) setStatus(cancelled?.status ?? 'KILLED');
      throw ApplicationFailure.nonRetryable(
        `Hex run ${started.runId} of project ${projectId} did not end within the wait limit of ` +
          `${checked.waitLimitMs} ms; ${checked.killOnTimeout ? 'it was cancelled' : 'it keeps running at Hex'}: ${started.runUrl}`,
        WAIT_LIMIT_FAILURE_TYPE,
        { ...ref, runUrl: started.runUrl, cancelled: checked.killOnTimeout }
      );
    }
    return surfaceHexFailure(error);
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
    // Only a missing kernel is transient; a workflow retry policy (a pipeline step's, say) may run the project again.
    throw ApplicationFailure.create({
      message: `Hex run ${final.runId} of project ${projectId} ended with status ${final.status}: ${final.runUrl}`,
      type: RUN_FAILURE_TYPES[final.status as keyof typeof RUN_FAILURE_TYPES],
      details: [result],
      nonRetryable: final.status !== 'UNABLE_TO_ALLOCATE_KERNEL',
    });
  }
  log.info('Hex run completed', { projectId, runId: final.runId, elapsedTime: final.elapsedTime });
  return result;
}

/**
 * Rethrows an activity's Hex failure (404, 401, invalid options...) as the workflow's own failure, so that the
 * workflow's message says what Hex rejected instead of "Activity task failed".
 */
function surfaceHexFailure(error: unknown): never {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    throw ApplicationFailure.create({
      message: cause.message,
      type: cause.type ?? undefined,
      details: cause.details ?? undefined,
      nonRetryable: true,
      cause: error,
    });
  }
  throw error;
}

/** True when the wait activity ran out of its schedule-to-close time, with or without an attempt in flight. */
function isWaitLimitReached(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    (error.cause instanceof TimeoutFailure || error.retryState === RetryState.TIMEOUT)
  );
}
