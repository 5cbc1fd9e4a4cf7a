// How a pipeline step runs as a runHexProject child workflow: its input, its workflow options, and the Hex run
// details that its failure carries.
import {
  ApplicationFailure,
  ChildWorkflowCancellationType,
  ChildWorkflowFailure,
  isCancellation,
  ParentClosePolicy,
  type ChildWorkflowOptions,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { isPlainObject } from '../../hex/run-options.js';
import type { RunHexProjectInput } from '../run-hex-project-types.js';
import { HEX_PIPELINE, HEX_PROJECT_ID } from '../search-attributes.js';
import type { CheckedStep } from './input.js';
import { renderPlaceholders, type PlaceholderContext } from './placeholders.js';
import type { StepFailure } from './step-table.js';

/** Options for a child started by its workflow function, which brings its own type information. */
export type StepWorkflowOptions = Omit<ChildWorkflowOptions, 'typeInfo'>;

/** runHexProject's input for a step, with placeholders replaced and the step's retry statuses. */
export function childInput(step: CheckedStep, context: PlaceholderContext): RunHexProjectInput {
  const input: RunHexProjectInput = { ...step.runInput };
  if (input.inputParams !== undefined) input.inputParams = renderPlaceholders(input.inputParams, context);
  if (input.notifications !== undefined) {
    input.notifications = input.notifications.map((notification) => ({
      ...notification,
      ...renderPlaceholders({ subject: notification.subject, body: notification.body }, context),
    }));
  }
  if (step.retry) input.retryableStatuses = step.retry.onStatuses;
  return input;
}

/** Child workflow options: the step's id, retry policy, search attributes and the Web UI's summary. */
export function childOptions(pipeline: string, step: CheckedStep, workflowId: string): StepWorkflowOptions {
  const { projectId } = step.runInput;
  const options: StepWorkflowOptions = {
    workflowId,
    // Cancelling the pipeline waits until the step's Hex run is cancelled.
    cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
    // A terminated or timed-out pipeline still gets its steps' Hex runs cancelled.
    parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    typedSearchAttributes: [
      { key: HEX_PIPELINE, value: pipeline },
      { key: HEX_PROJECT_ID, value: projectId },
    ],
    staticSummary: `Step ${step.name} of pipeline ${pipeline}: Hex project ${projectId}`,
    staticDetails: stepDetails(pipeline, step),
  };
  if (step.retry) {
    // runHexProject fails retryably only for the statuses in retry.onStatuses, so other failures end the step.
    options.retry = {
      maximumAttempts: step.retry.maxRuns,
      initialInterval: step.retry.delayMs,
      maximumInterval: step.retry.delayMs,
      backoffCoefficient: 1,
    };
  }
  return options;
}

/** Reads a step's failure: cancelled or not, a one-line reason, and the Hex run from the failure's details. */
export function readStepFailure(error: unknown): StepFailure {
  if (isCancellation(error)) return { cancelled: true, reason: 'cancelled' };
  if (error instanceof ChildWorkflowFailure) {
    const cause = error.cause;
    const detail: unknown = cause instanceof ApplicationFailure ? cause.details?.[0] : undefined;
    const run = isPlainObject(detail) && typeof detail.runId === 'string' ? (detail as StepFailure['run']) : undefined;
    return { cancelled: false, reason: cause?.message ?? error.message, run };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      cancelled: false,
      reason: `${error.message}: a workflow with this step's id is still running; wait for it to end or cancel it`,
    };
  }
  return { cancelled: false, reason: error instanceof Error ? error.message : String(error) };
}

function stepDetails(pipeline: string, step: CheckedStep): string {
  const lines = [`Pipeline **${pipeline}**, step **${step.name}**, Hex project \`${step.runInput.projectId}\``];
  if (step.dependsOn.length > 0) lines.push(`Depends on: ${step.dependsOn.join(', ')}`);
  if (step.retry) {
    lines.push(
      `Retry: up to ${step.retry.maxRuns} runs, ${step.retry.delayMs} ms apart, after ${step.retry.onStatuses.join(' or ')}`
    );
  }
  return lines.join('\n\n');
}
