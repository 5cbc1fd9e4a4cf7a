// Input, result and message definitions of the runHexProject workflow. Shared with activities and clients,
// so this file contains no workflow logic.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { HexProjectVersion, HexRunNotification, HexRunStatus } from '../hex/types.js';

/** Plain JSON, so that `temporal workflow start --input` can supply it. */
export interface RunHexProjectInput {
  /** The project's uuid, as in its URL. */
  projectId: string;
  /** Values for the published app's inputs, keyed by input name. Cannot be combined with viewId or updatePublishedResults. */
  inputParams?: Record<string, unknown>;
  /** Hex returns a dummy response and runs nothing. Default false. */
  dryRun?: boolean;
  /** Update the published app's cached results; needs edit rights. Default false. */
  updatePublishedResults?: boolean;
  /** Deprecated alias of updatePublishedResults. */
  updateCache?: boolean;
  /** Reuse cached SQL results. Hex's default is true. */
  useCachedSqlResults?: boolean;
  /** Run with a saved view's inputs. */
  viewId?: string;
  notifications?: HexRunNotification[];

  /** How long to wait for the run to end, e.g. "30m" or milliseconds. Default "1h". */
  waitLimit?: Duration;
  /** Cancel the Hex run when the wait limit is reached. Default true. */
  killOnTimeout?: boolean;
  /** First poll interval, e.g. "5s". Default: the worker's HEX_POLL_INTERVAL. */
  pollInterval?: Duration;
  /** Maximum poll interval that the growing backoff reaches. Default: the worker's HEX_MAX_POLL_INTERVAL. */
  maxPollInterval?: Duration;
  /**
   * Statuses whose failure is retryable, so that a workflow retry policy (a pipeline step's, say) runs the project
   * again. Every other status fails the workflow with a non-retryable failure. Default ["UNABLE_TO_ALLOCATE_KERNEL"].
   */
  retryableStatuses?: RetryableRunStatus[];
}

export const RETRYABLE_RUN_STATUSES = ['UNABLE_TO_ALLOCATE_KERNEL', 'ERRORED'] as const;
export type RetryableRunStatus = (typeof RETRYABLE_RUN_STATUSES)[number];

/** The outcome of a COMPLETED run (or a dry run, whose status is DRY_RUN). */
export interface RunHexProjectResult {
  projectId: string;
  runId: string;
  runUrl: string;
  status: HexRunStatus;
  projectVersion: HexProjectVersion | null;
  startTime: string | null;
  endTime: string | null;
  /** Milliseconds, as Hex reports it. */
  elapsedTime: number | null;
  traceId: string;
}

export interface RunHexProjectProgress {
  projectId: string;
  /**
   * WAITING_FOR_PERMIT while the run waits its turn under the kernel and run-request limits, STARTING until Hex
   * accepts the run, then Hex's status, including statuses this worker does not know.
   */
  status: HexRunStatus | 'WAITING_FOR_PERMIT' | 'STARTING';
  runId?: string;
  runUrl?: string;
  /** Milliseconds since the workflow started, as of its last workflow task (a query does not move workflow time). */
  elapsedMs: number;
  /** Status requests made so far, as of the last report: a new status comes at once, an unchanged one each minute. */
  polls: number;
  /** When the workflow started, ISO 8601; a client computes the current elapsed time from it. */
  startedAt?: string;
  /** Hex's own elapsed time of the run, in milliseconds, at the last poll. */
  hexElapsedTime?: number | null;
  lastPollAt?: string;
}

/** Sent by the wait activity after each status request. */
export interface HexRunPollReport {
  runId: string;
  status: HexRunStatus;
  attempt: number;
  elapsedTime: number | null;
  polledAt: string;
}

/** Sent by runHexProject to its parent workflow, when it has one, once Hex accepted the run. */
export interface HexRunStartedReport {
  /** The runHexProject workflow's id. */
  workflowId: string;
  /** The workflow's attempt, 1 on the first run and more after a workflow retry. */
  attempt: number;
  projectId: string;
  runId: string;
  runUrl: string;
}

export const progressQuery = defineQuery<RunHexProjectProgress>('progress');
export const hexRunPolledSignal = defineSignal<[HexRunPollReport]>('hexRunPolled');
export const hexRunStartedSignal = defineSignal<[HexRunStartedReport]>('hexRunStarted');

/** Failure types of runs that ended without completing, one per Hex status. */
export const RUN_FAILURE_TYPES = {
  ERRORED: 'HexRunErrored',
  KILLED: 'HexRunKilled',
  UNABLE_TO_ALLOCATE_KERNEL: 'HexRunUnableToAllocateKernel',
} as const;
export const WAIT_LIMIT_FAILURE_TYPE = 'HexRunWaitLimitReached';
/** The workflow was cancelled but its Hex run could not be; the run may still be going. */
export const CANCEL_FAILED_FAILURE_TYPE = 'HexRunCancelFailed';
export const INVALID_INPUT_FAILURE_TYPE = 'InvalidRunHexProjectInput';
