// Checks of runHexProject's input, run inside the workflow before any activity, so bad input starts no Hex run.
import { ApplicationFailure, msToNumber, type Duration } from '@temporalio/common';
import {
  checkProjectId,
  checkRunOptions,
  isPlainObject,
  pickRunOptions,
  RUN_OPTION_FIELDS,
} from '../hex/run-options.js';
import type { HexRunRequestBody } from '../hex/types.js';
import {
  INVALID_INPUT_FAILURE_TYPE,
  RETRYABLE_RUN_STATUSES,
  type RetryableRunStatus,
  type RunHexProjectInput,
} from './run-hex-project-types.js';

const CONTROL_FIELDS = [
  'projectId',
  'waitLimit',
  'killOnTimeout',
  'pollInterval',
  'maxPollInterval',
  'retryableStatuses',
] as const;
export const DEFAULT_WAIT_LIMIT = '1h';
/**
 * Maximum waitLimit. Hex documents at most 24 hours for an API run's kernel; a week also keeps the workflow's
 * history, which grows by a few events per status change or minute of waiting, far below Temporal's 51,200 events.
 */
export const MAX_WAIT_LIMIT_MS = 7 * 24 * 3_600_000;
/** Maximum poll interval: an hour. */
export const MAX_POLL_INTERVAL_MS = 3_600_000;

export interface CheckedRunInput {
  projectId: string;
  runOptions: HexRunRequestBody;
  waitLimitMs: number;
  killOnTimeout: boolean;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  retryableStatuses: RetryableRunStatus[];
}

/** Validates the input and returns it in the form the workflow uses; throws a non-retryable failure listing every problem. */
export function checkRunHexProjectInput(input: unknown, where = 'runHexProject input'): CheckedRunInput {
  if (!isPlainObject(input)) {
    throw ApplicationFailure.nonRetryable(
      `${where} must be a JSON object such as {"projectId": "<uuid>"}, got ${describeValue(input)}`,
      INVALID_INPUT_FAILURE_TYPE
    );
  }
  const problems: string[] = [];
  const known: readonly string[] = [...CONTROL_FIELDS, ...RUN_OPTION_FIELDS];
  for (const field of Object.keys(input)) {
    if (!known.includes(field)) problems.push(`unknown field "${field}": expected one of ${known.join(', ')}`);
  }
  const projectProblem = checkProjectId(input.projectId);
  if (projectProblem) problems.push(projectProblem);
  const runOptions = pickRunOptions(input);
  problems.push(...checkRunOptions(runOptions));

  for (const field of CONTROL_FIELDS) {
    if (input[field] === null) problems.push(`${field} is null: leave the field out to use its default`);
  }
  const typed = input as Partial<RunHexProjectInput>;
  const waitLimitMs = readDuration(typed.waitLimit ?? DEFAULT_WAIT_LIMIT, 'waitLimit', problems, MAX_WAIT_LIMIT_MS);
  const pollIntervalMs =
    typed.pollInterval == null
      ? undefined
      : readDuration(typed.pollInterval, 'pollInterval', problems, MAX_POLL_INTERVAL_MS);
  const maxPollIntervalMs =
    typed.maxPollInterval == null
      ? undefined
      : readDuration(typed.maxPollInterval, 'maxPollInterval', problems, MAX_POLL_INTERVAL_MS);
  if (pollIntervalMs !== undefined && maxPollIntervalMs !== undefined && maxPollIntervalMs < pollIntervalMs) {
    problems.push(
      `maxPollInterval ${JSON.stringify(typed.maxPollInterval)} is shorter than pollInterval ${JSON.stringify(typed.pollInterval)}: raise it or leave it out`
    );
  }
  if (typed.killOnTimeout !== undefined && typeof typed.killOnTimeout !== 'boolean') {
    problems.push(`killOnTimeout must be true or false, got ${JSON.stringify(typed.killOnTimeout)}`);
  }
  const retryable = typed.retryableStatuses;
  const knownRetryable: readonly unknown[] = RETRYABLE_RUN_STATUSES;
  if (retryable !== undefined && !(Array.isArray(retryable) && retryable.every((s) => knownRetryable.includes(s)))) {
    problems.push(
      `retryableStatuses ${JSON.stringify(retryable)} is invalid: use an array of ${RETRYABLE_RUN_STATUSES.join(', ')}`
    );
  }

  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`Invalid ${where}: ${problems.join('; ')}`, INVALID_INPUT_FAILURE_TYPE);
  }
  return {
    projectId: input.projectId as string,
    runOptions,
    waitLimitMs: waitLimitMs ?? 0,
    killOnTimeout: typed.killOnTimeout ?? true,
    pollIntervalMs,
    maxPollIntervalMs,
    retryableStatuses: retryable ?? ['UNABLE_TO_ALLOCATE_KERNEL'],
  };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

function readDuration(value: Duration, field: string, problems: string[], maxMs: number): number | undefined {
  let ms: number | undefined;
  try {
    ms = msToNumber(value);
  } catch {
    ms = undefined;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    problems.push(
      `${field} ${JSON.stringify(value)} is not a positive duration: use a string such as "90s", "30m" or "2h", or milliseconds`
    );
    return undefined;
  }
  if (ms > maxMs) {
    problems.push(`${field} ${JSON.stringify(value)} is longer than the maximum of ${maxMs / 3_600_000} hours`);
    return undefined;
  }
  return ms;
}
