// Input, result and query definitions of the hexPipeline workflow. Shared with clients, so this file contains no
// workflow logic.
import { defineQuery } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { RetryableRunStatus, RunHexProjectInput } from '../run-hex-project-types.js';

export const FAILURE_POLICIES = ['failFast', 'continue'] as const;
/**
 * `failFast` starts no new step after a failure and cancels the running ones, whose Hex runs are then KILLED.
 * `continue` lets every step that does not depend on the failed one run to its end.
 */
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

/** Plain JSON, so that `temporal workflow start --type hexPipeline --input-file pipeline.json` can supply it. */
export interface HexPipelineInput {
  /**
   * Pipeline name, kept in the HexPipeline search attribute of the pipeline and of its steps' workflows.
   * Letters, digits, `.`, `_` and `-`, at most 100 characters.
   */
  name: string;
  steps: PipelineStepInput[];
  /** Default `failFast`. */
  failurePolicy?: FailurePolicy;
  /**
   * Logical date that placeholders such as `{{ ds }}` use, as `YYYY-MM-DD` (midnight in `timezone`) or an ISO
   * timestamp with `Z` or an offset. Default: the time a schedule started the pipeline for, else its start time.
   */
  logicalDate?: string;
  /** IANA time zone in which the logical date's day is taken, such as `Europe/Paris`. Default `UTC`. */
  timezone?: string;
}

/** One Hex project run: runHexProject's input plus the step's name, dependencies and retry settings. */
export interface PipelineStepInput extends Omit<RunHexProjectInput, 'retryableStatuses'> {
  /** Unique within the pipeline; letters, digits, `.`, `_` and `-`, at most 64 characters. */
  name: string;
  /** Names of the steps that must complete before this one starts. Default none. */
  dependsOn?: string[];
  /** Run the project again after some failed runs. Default: a failed run fails the step. */
  retry?: PipelineStepRetry;
}

export interface PipelineStepRetry {
  /** Hex runs at most, the first one included. Default 3. */
  maxRuns?: number;
  /** Wait between a failed run and the next one, such as "30s" or milliseconds. Default "1m". */
  delay?: Duration;
  /** Run statuses after which the project runs again. Default ["UNABLE_TO_ALLOCATE_KERNEL"]. */
  onStatuses?: RetryableRunStatus[];
}

export type PipelineStepStatus = 'waiting' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
export type PipelineStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface PipelineStepState {
  name: string;
  projectId: string;
  status: PipelineStepStatus;
  dependsOn: string[];
  /** Workflow id of the step's runHexProject child workflow. */
  workflowId: string;
  /** Input parameters sent to Hex, with placeholders replaced. */
  inputParams?: Record<string, unknown>;
  /** Hex runs started so far; more than 1 after a retry. */
  runs: number;
  /** The latest Hex run. */
  runId?: string;
  runUrl?: string;
  /** Hex's status of the latest run once it ended. */
  runStatus?: string;
  /** When the step's child workflow started and ended, in workflow time (ISO 8601). */
  startedAt?: string;
  endedAt?: string;
  /** Start and end of the latest Hex run, as Hex reports them. */
  runStartTime?: string | null;
  runEndTime?: string | null;
  /** Reason the step failed, was skipped or was cancelled. */
  reason?: string;
}

/** Source of the logical date: the input's logicalDate, a schedule's due time, or the workflow's start time. */
export type LogicalDateSource = 'input' | 'schedule' | 'startTime';

export interface HexPipelineProgress {
  pipeline: string;
  workflowId: string;
  status: PipelineStatus;
  failurePolicy: FailurePolicy;
  /** The logical date as `{{ ds }}` shows it (YYYY-MM-DD in `timezone`). */
  logicalDate: string;
  /** The logical date's instant as `{{ ts }}` shows it (ISO 8601, UTC). */
  logicalTimestamp: string;
  logicalDateSource: LogicalDateSource;
  timezone: string;
  /** Steps in input order. */
  steps: PipelineStepState[];
}

/** Returned when every step completed; a failed pipeline carries the same object as its failure's first detail. */
export type HexPipelineResult = HexPipelineProgress;

export const pipelineProgressQuery = defineQuery<HexPipelineProgress>('progress');

export const INVALID_PIPELINE_FAILURE_TYPE = 'InvalidHexPipelineInput';
export const PIPELINE_FAILED_FAILURE_TYPE = 'HexPipelineFailed';
