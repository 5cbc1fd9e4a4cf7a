// Checks of hexPipeline's input, run in the workflow before any step starts (so bad input starts no Hex run) and by
// the client before it starts a workflow.
import { ApplicationFailure, msToNumber } from '@temporalio/common';
import { isPlainObject } from '../../hex/run-options.js';
import { checkRunHexProjectInput } from '../run-hex-project-input.js';
import { RETRYABLE_RUN_STATUSES, type RetryableRunStatus, type RunHexProjectInput } from '../run-hex-project-types.js';
import { checkStepGraph } from './graph.js';
import { checkTimeZone, parseLogicalDate } from './logical-date.js';
import { checkPlaceholders } from './placeholders.js';
import { FAILURE_POLICIES, INVALID_PIPELINE_FAILURE_TYPE, type FailurePolicy } from './types.js';

const PIPELINE_FIELDS = ['name', 'steps', 'failurePolicy', 'logicalDate', 'timezone'];
const STEP_FIELDS = ['name', 'dependsOn', 'retry'];
const RETRY_FIELDS = ['maxRuns', 'delay', 'onStatuses'];
// Names end up in workflow ids (`<pipeline workflow id>/<step>`) and search attributes, so no "/" or spaces.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DEFAULT_RETRY = { maxRuns: 3, delay: '1m', onStatuses: ['UNABLE_TO_ALLOCATE_KERNEL'] as RetryableRunStatus[] };

export interface CheckedRetry {
  maxRuns: number;
  delayMs: number;
  onStatuses: RetryableRunStatus[];
}

export interface CheckedStep {
  name: string;
  dependsOn: string[];
  /** runHexProject's input, with placeholders not yet replaced. */
  runInput: RunHexProjectInput;
  retry?: CheckedRetry;
}

export interface CheckedPipeline {
  name: string;
  failurePolicy: FailurePolicy;
  timezone: string;
  /** The logicalDate input in milliseconds since the epoch, when given. */
  logicalDateMs?: number;
  steps: CheckedStep[];
}

/** Validates the input and returns it in the form the workflow uses; throws a non-retryable failure listing every problem. */
export function checkHexPipelineInput(input: unknown): CheckedPipeline {
  if (!isPlainObject(input)) {
    throw ApplicationFailure.nonRetryable(
      `hexPipeline input must be a JSON object such as {"name": "daily", "steps": [{"name": "refresh", ` +
        `"projectId": "<uuid>"}]}, got ${jsonTypeName(input)}`,
      INVALID_PIPELINE_FAILURE_TYPE
    );
  }
  const problems: string[] = [];
  problems.push(...unknownFields(input, PIPELINE_FIELDS, 'pipeline field'));
  const name = checkName(input.name, 'pipeline name', 100, problems);
  const failurePolicy = (input.failurePolicy ?? 'failFast') as FailurePolicy;
  if (!FAILURE_POLICIES.includes(failurePolicy)) {
    problems.push(
      `failurePolicy ${JSON.stringify(input.failurePolicy)} is invalid: use ${FAILURE_POLICIES.map((p) => `"${p}"`).join(' or ')}`
    );
  }
  const timezoneProblem = input.timezone === undefined ? undefined : checkTimeZone(input.timezone);
  if (timezoneProblem) problems.push(timezoneProblem);
  const timezone = timezoneProblem || input.timezone === undefined ? 'UTC' : (input.timezone as string);
  let logicalDateMs: number | undefined;
  if (input.logicalDate !== undefined) {
    const parsed = parseLogicalDate(input.logicalDate, timezone);
    if (typeof parsed === 'string') problems.push(parsed);
    else logicalDateMs = parsed;
  }

  const steps: CheckedStep[] = [];
  if (input.steps === undefined || (Array.isArray(input.steps) && input.steps.length === 0)) {
    problems.push(
      'steps is missing or empty: add at least one step such as {"name": "refresh", "projectId": "<uuid>"}'
    );
  } else if (!Array.isArray(input.steps)) {
    problems.push(
      `steps must be an array of step objects such as [{"name": "refresh", "projectId": "<uuid>"}], ` +
        `got ${jsonTypeName(input.steps)}`
    );
  } else {
    input.steps.forEach((step: unknown, index) => {
      const checked = checkStep(step, index, problems);
      if (checked) steps.push(checked);
    });
    if (steps.length === input.steps.length) problems.push(...checkStepGraph(steps));
  }

  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `Invalid hexPipeline input: ${problems.join('; ')}`,
      INVALID_PIPELINE_FAILURE_TYPE
    );
  }
  return { name, failurePolicy, timezone, logicalDateMs, steps };
}

/** Checks one step; returns undefined when the step is unusable even for the graph checks. */
function checkStep(step: unknown, index: number, problems: string[]): CheckedStep | undefined {
  if (!isPlainObject(step)) {
    problems.push(`steps[${index}] must be an object such as {"name": "refresh", "projectId": "<uuid>"}`);
    return undefined;
  }
  const name = checkName(step.name, `steps[${index}].name`, 64, problems);
  const where = name ? `step "${name}"` : `steps[${index}]`;

  let dependsOn: string[] = [];
  if (Array.isArray(step.dependsOn) && step.dependsOn.every((entry) => typeof entry === 'string')) {
    dependsOn = [...new Set(step.dependsOn)];
  } else if (step.dependsOn !== undefined) {
    problems.push(`${where}: dependsOn must be an array of step names such as ["refresh"]`);
  }

  const retry = step.retry === undefined ? undefined : checkRetry(step.retry, where, problems);
  const runInput: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(step)) {
    if (!STEP_FIELDS.includes(field)) runInput[field] = value;
  }
  if (runInput.retryableStatuses !== undefined) {
    problems.push(`${where}: retryableStatuses is set by the pipeline, so use retry.onStatuses instead`);
    delete runInput.retryableStatuses;
  }
  try {
    checkRunHexProjectInput(runInput, where);
  } catch (error) {
    problems.push((error as Error).message);
  }
  problems.push(...checkPlaceholders(runInput.inputParams, `${where} inputParams`));
  if (Array.isArray(runInput.notifications)) {
    runInput.notifications.forEach((notification: unknown, at) => {
      if (!isPlainObject(notification)) return;
      const texts = { subject: notification.subject, body: notification.body };
      problems.push(...checkPlaceholders(texts, `${where} notifications[${at}]`));
    });
  }
  return name ? { name, dependsOn, runInput: runInput as unknown as RunHexProjectInput, retry } : undefined;
}

function checkRetry(retry: unknown, where: string, problems: string[]): CheckedRetry | undefined {
  if (!isPlainObject(retry)) {
    problems.push(`${where}: retry must be an object such as {"maxRuns": 3, "delay": "1m"}`);
    return undefined;
  }
  const before = problems.length;
  problems.push(...unknownFields(retry, RETRY_FIELDS, `${where}: retry field`));

  const maxRuns = retry.maxRuns ?? DEFAULT_RETRY.maxRuns;
  if (typeof maxRuns !== 'number' || !Number.isInteger(maxRuns) || maxRuns < 1) {
    problems.push(`${where}: retry.maxRuns ${JSON.stringify(retry.maxRuns)} must be a whole number of runs, 1 or more`);
  }

  let delayMs = Number.NaN;
  try {
    delayMs = msToNumber(retry.delay ?? DEFAULT_RETRY.delay);
  } catch {
    // reported below
  }
  if (!Number.isFinite(delayMs) || delayMs <= 0) {
    problems.push(
      `${where}: retry.delay ${JSON.stringify(retry.delay)} is not a positive duration: use "30s", "5m" or milliseconds`
    );
  }

  const onStatuses = retry.onStatuses ?? DEFAULT_RETRY.onStatuses;
  const known: readonly unknown[] = RETRYABLE_RUN_STATUSES;
  if (!Array.isArray(onStatuses) || onStatuses.length === 0 || !onStatuses.every((s) => known.includes(s))) {
    problems.push(
      `${where}: retry.onStatuses ${JSON.stringify(retry.onStatuses)} is invalid: use a non-empty array of ` +
        RETRYABLE_RUN_STATUSES.join(', ')
    );
  }

  if (problems.length > before) return undefined;
  return { maxRuns: maxRuns as number, delayMs, onStatuses: onStatuses as RetryableRunStatus[] };
}

function checkName(value: unknown, label: string, maxLength: number, problems: string[]): string {
  if (typeof value === 'string' && NAME_PATTERN.test(value) && value.length <= maxLength) return value;
  problems.push(
    `${label} ${JSON.stringify(value)} is invalid: use up to ${maxLength} letters, digits, ".", "_" and "-", ` +
      'starting with a letter or digit, such as "daily-refresh"'
  );
  return '';
}

function unknownFields(object: Record<string, unknown>, known: string[], label: string): string[] {
  return Object.keys(object)
    .filter((field) => !known.includes(field))
    .map((field) => `unknown ${label} "${field}": expected one of ${known.join(', ')}`);
}

/** Names the JSON type of a value with its article, such as "an object" or "null", for messages. */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
