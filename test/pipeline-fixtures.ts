// Shared by the pipeline and schedule tests: start a pipeline on the harness's task queue, read its failure, wait
// for a condition, and describe simulator projects briefly.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import type { SimProject, SimProjectOutcome, SimRunRecord } from '../src/simulator/index.js';
import type { HexPipelineInput, HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import type { Harness } from './support/harness.js';
import { failureOf } from './support/waiting.js';

export { failureOf, waitFor } from './support/waiting.js';

export function startPipeline(h: Harness, input: HexPipelineInput, workflowId = `pipeline-${randomUUID()}`) {
  return h.client.workflow.start('hexPipeline', { taskQueue: h.taskQueue, workflowId, args: [input] });
}

/** Returns the pipeline report that a failed pipeline carries as its failure's first detail. */
export async function failedPipeline(handle: WorkflowHandle): Promise<HexPipelineProgress> {
  const failure = await failureOf(handle.result());
  expect(failure.type).toBe('HexPipelineFailed');
  return failure.details?.[0] as HexPipelineProgress;
}

/** Builds a simulator project whose runs end with the given outcomes in order, the last one repeating. */
export function project(projectId: string, ...outcomes: SimProjectOutcome[]): SimProject {
  return { projectId, title: `Project ${projectId.slice(-4)}`, outcomes };
}

/** Returns the simulator's runs of one project, oldest first. */
export function runsOf(h: Harness, projectId: string): SimRunRecord[] {
  return h.sim.runs().filter((run) => run.projectId === projectId);
}

export function stepOf(report: HexPipelineProgress, name: string) {
  const step = report.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`no step ${name} in ${JSON.stringify(report)}`);
  return step;
}
