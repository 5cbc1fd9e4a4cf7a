// The activity stubs runHexProject uses, each on the task queue whose rate limit covers its Hex API call.
import { ActivityCancellationType, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HexRunActivities, KernelPermitActivities } from '../activities/index.js';
import { hexTaskQueues } from './task-queues.js';

export function runActivities(waitLimitMs: number, pollIntervalMs: number | undefined, maxPollIntervalMs?: number) {
  const queues = hexTaskQueues(workflowInfo().taskQueue);

  const { requestKernelPermit } = proxyActivities<KernelPermitActivities>({
    taskQueue: queues.workflows,
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
    cancellationType: ActivityCancellationType.TRY_CANCEL,
  });

  const { listHexRunIds, cancelHexRun } = proxyActivities<HexRunActivities>({
    taskQueue: queues.otherRequests,
    startToCloseTimeout: '1m',
    // The rate-limited queue may hold a request back for a while when many runs share the token.
    scheduleToCloseTimeout: '15m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  const { startHexRun } = proxyActivities<HexRunActivities>({
    taskQueue: queues.runRequests,
    // The start activity reattaches to a run that a lost request started, so retrying it is safe. Two minutes fit
    // one run request and, on a retry, one run-list request (at most 50 s each, HEX_REQUEST_TIMEOUT).
    startToCloseTimeout: '2m',
    // Hex allows 60 run requests an hour, so a rate-limited start may wait most of an hour.
    scheduleToCloseTimeout: '70m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  const { waitForHexRun } = proxyActivities<HexRunActivities>({
    taskQueue: queues.otherRequests,
    scheduleToCloseTimeout: waitLimitMs,
    startToCloseTimeout: '1m',
    // The first retry waits this long unless the activity sets nextRetryDelay, which it does on every failure it recognizes.
    // maximumInterval may not be below initialInterval, or every workflow task fails.
    retry: {
      initialInterval: pollIntervalMs ?? '5s',
      backoffCoefficient: 1,
      maximumInterval: Math.max(60_000, pollIntervalMs ?? 0, maxPollIntervalMs ?? 0),
    },
    cancellationType: ActivityCancellationType.TRY_CANCEL,
  });

  return { requestKernelPermit, listHexRunIds, startHexRun, waitForHexRun, cancelHexRun };
}
