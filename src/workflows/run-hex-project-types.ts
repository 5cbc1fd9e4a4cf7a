// Input, result and message definitions of the runHexProject workflow. Shared with activities and clients,
// so this file holds no workflow logic.
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
  /** Longest poll interval that the growing backoff reaches. Default: the worker's HEX_MAX_POLL_INTERVAL. */
  maxPollInterval?: Duration;
}

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
  /** "STARTING" until Hex accepts the run, then Hex's status, including statuses this worker does not know. */
  status: HexRunStatus | 'STARTING';
  runId?: string;
  runUrl?: string;
  /** Milliseconds since the workflow started. */
  elapsedMs: number;
  /** Status requests made so far. */
  polls: number;
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

export const progressQuery = defineQuery<RunHexProjectProgress>('progress');
export const hexRunPolledSignal = defineSignal<[HexRunPollReport]>('hexRunPolled');

/** Failure types of runs that ended without completing, one per Hex status. */
export const RUN_FAILURE_TYPES = {
  ERRORED: 'HexRunErrored',
  KILLED: 'HexRunKilled',
  UNABLE_TO_ALLOCATE_KERNEL: 'HexRunUnableToAllocateKernel',
} as const;
export const WAIT_LIMIT_FAILURE_TYPE = 'HexRunWaitLimitReached';
export const INVALID_INPUT_FAILURE_TYPE = 'InvalidRunHexProjectInput';
