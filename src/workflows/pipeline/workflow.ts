// hexPipeline: run Hex projects as runHexProject child workflows in dependency order. A step starts as soon as all
// its dependencies completed, so independent steps run in parallel; each step's end starts the next ready ones.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  log,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type WorkflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { runHexProject } from '../run-hex-project.js';
import { hexRunStartedSignal } from '../run-hex-project-types.js';
import { HEX_PIPELINE } from '../search-attributes.js';
import { childInput, childOptions, readStepFailure } from './child-step.js';
import { pipelineDetails, pipelineFailureMessage } from './details.js';
import { checkHexPipelineInput, type CheckedPipeline } from './input.js';
import { formatTimestamp, localDate } from './logical-date.js';
import { StepTable } from './step-table.js';
import {
  PIPELINE_FAILED_FAILURE_TYPE,
  pipelineProgressQuery,
  type HexPipelineInput,
  type HexPipelineProgress,
  type HexPipelineResult,
  type LogicalDateSource,
  type PipelineStepState,
} from './types.js';

/** Set by a Temporal Schedule on each workflow it starts, backfills included: the time the action was due. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function hexPipeline(input: HexPipelineInput): Promise<HexPipelineResult> {
  const pipeline = checkHexPipelineInput(input);
  const info = workflowInfo();
  const logical = logicalInstant(pipeline, info);
  const table = new StepTable(pipeline.steps, (stepName) => `${info.workflowId}/${stepName}`);
  const progress: HexPipelineProgress = {
    pipeline: pipeline.name,
    workflowId: info.workflowId,
    status: 'running',
    failurePolicy: pipeline.failurePolicy,
    logicalDate: localDate(logical.ms, pipeline.timezone),
    logicalTimestamp: formatTimestamp(logical.ms),
    logicalDateSource: logical.source,
    timezone: pipeline.timezone,
    steps: table.states,
  };
  const publish = () => setCurrentDetails(pipelineDetails(progress));
  upsertSearchAttributes([{ key: HEX_PIPELINE, value: pipeline.name }]);
  setHandler(pipelineProgressQuery, () => progress, {
    description: "The pipeline's status and logical date, and each step's state with its latest Hex run",
  });
  setHandler(
    hexRunStartedSignal,
    (report) => {
      if (table.recordRunStart(report)) publish();
    },
    { description: "Sent by a step's runHexProject workflow once Hex accepted its run" }
  );
  log.info('Pipeline started', { pipeline: pipeline.name, logicalDate: progress.logicalDate, source: logical.source });

  // Every step's child workflow runs in this scope, so that failFast can cancel the running ones at once.
  const stepsScope = new CancellationScope();
  let stopReason: string | undefined;

  const runStep = async (state: PipelineStepState): Promise<void> => {
    const step = pipeline.steps.find((candidate) => candidate.name === state.name);
    if (step === undefined) throw new Error(`step ${state.name} is missing from the checked input`);
    const context = {
      ds: progress.logicalDate,
      ts: progress.logicalTimestamp,
      pipeline: pipeline.name,
      step: step.name,
      workflowId: info.workflowId,
    };
    const args = childInput(step, context);
    state.inputParams = args.inputParams;
    try {
      const result = await executeChild(runHexProject, {
        ...childOptions(pipeline.name, step, state.workflowId),
        args: [args],
      });
      table.complete(state, result, Date.now());
      log.info('Step completed', { step: step.name, runId: result.runId });
    } catch (error) {
      const failure = readStepFailure(error);
      if (failure.cancelled && stopReason) failure.reason = `cancelled: ${stopReason}`;
      table.fail(state, failure, Date.now());
      log.warn('Step did not complete', { step: step.name, reason: failure.reason, runId: state.runId });
      if (!failure.cancelled && pipeline.failurePolicy === 'failFast' && stopReason === undefined) {
        stopReason = `step "${step.name}" failed and the failure policy is failFast`;
        stepsScope.cancel();
      }
    }
    startReadySteps();
  };

  const startReadySteps = () => {
    table.skipBlocked();
    for (const state of table.ready()) {
      if (stopReason !== undefined) {
        table.endWaiting('skipped', `not started because ${stopReason}`);
        break;
      }
      table.start(state, Date.now());
      void stepsScope.run(() => runStep(state));
    }
    publish();
  };

  startReadySteps();
  try {
    await condition(() => table.allEnded());
  } catch (error) {
    if (!isCancellation(error)) throw error;
    stopReason = 'the pipeline was cancelled';
    table.endWaiting('cancelled', 'the pipeline was cancelled before the step started');
    publish();
    log.info('Pipeline cancelled; waiting for the running steps to cancel their Hex runs', { pipeline: pipeline.name });
    await CancellationScope.nonCancellable(() => condition(() => table.noneRunning()));
    progress.status = 'cancelled';
    publish();
    throw error;
  }

  progress.status = progress.steps.every((state) => state.status === 'completed') ? 'completed' : 'failed';
  publish();
  if (progress.status === 'failed') {
    throw ApplicationFailure.create({
      message: pipelineFailureMessage(progress),
      type: PIPELINE_FAILED_FAILURE_TYPE,
      details: [progress],
      nonRetryable: true,
    });
  }
  log.info('Pipeline completed', { pipeline: pipeline.name });
  return progress;
}

/** Returns the logical date's instant: the input's, else the schedule's due time, else the workflow's start time. */
function logicalInstant(pipeline: CheckedPipeline, info: WorkflowInfo): { ms: number; source: LogicalDateSource } {
  if (pipeline.logicalDateMs !== undefined) return { ms: pipeline.logicalDateMs, source: 'input' };
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (scheduled !== undefined) return { ms: scheduled.getTime(), source: 'schedule' };
  return { ms: info.startTime.getTime(), source: 'startTime' };
}
