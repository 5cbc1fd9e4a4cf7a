// `pipeline <file.json>`: starts the hexPipeline workflow and, with --wait, shows every step until it ends.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Command } from 'commander';
import { PIPELINE_FAILED_FAILURE_TYPE, pipelineProgressQuery } from '../workflows/pipeline/types.js';
import type { HexPipelineProgress, HexPipelineResult } from '../workflows/pipeline/types.js';
import { checkPipeline, pipelineStartOptions, readPipelineFile } from './pipeline-file.js';
import { formatSteps, PipelineView } from './pipeline-view.js';
import { connectClient, printStarted, startWorkflowWithLink, type ConnectionFlags } from './temporal-connection.js';

export interface PipelineFlags extends ConnectionFlags {
  logicalDate?: string;
  workflowId?: string;
  wait?: boolean;
  json?: boolean;
}

export function registerPipelineCommand(program: Command, addConnectionOptions: (command: Command) => Command): void {
  addConnectionOptions(
    program
      .command('pipeline')
      .description('start the hexPipeline workflow for a pipeline file')
      .argument('<file.json>', 'pipeline file: a name, steps with projectId and dependsOn, and options')
      .option('--logical-date <date>', 'logical date for {{ ds }} and the like, YYYY-MM-DD or an ISO timestamp')
      .option('--workflow-id <id>', 'workflow id (default <pipeline name>-<random>)')
      .option('-w, --wait', 'show every step until the pipeline ends, then print the result')
      .option('--json', "print the result as JSON, or without --wait the started workflow's ids and link")
  ).action(async (file: string, flags: PipelineFlags) => {
    process.exitCode = await pipelineCommand(file, flags);
  });
}

export async function pipelineCommand(file: string, flags: PipelineFlags): Promise<number> {
  const input = readPipelineFile(file);
  if (flags.logicalDate !== undefined) input.logicalDate = flags.logicalDate;
  checkPipeline(input, file);
  const ctx = await connectClient(flags);
  try {
    const workflowId = flags.workflowId ?? `${input.name}-${randomUUID().slice(0, 8)}`;
    const { handle, link } = await startWorkflowWithLink(
      ctx,
      'hexPipeline',
      workflowId,
      input,
      pipelineStartOptions(input)
    );
    if (!flags.wait && flags.json) {
      printStarted(workflowId, handle.firstExecutionRunId, ctx.namespace, link);
      return 0;
    }
    if (!flags.wait) {
      console.log(`Started pipeline ${input.name} as workflow ${workflowId}`);
      console.log(`Temporal Web UI: ${link}`);
      console.log(`Follow it: temporal workflow query --workflow-id ${workflowId} --type progress`);
      return 0;
    }
    console.error(`Started pipeline ${input.name} as workflow ${workflowId} (${link})`);
    return await followPipeline(handle, link, flags.json ?? false);
  } finally {
    await ctx.close();
  }
}

/** Shows the steps until the pipeline ends, then prints its result; returns the exit code. */
export async function followPipeline(handle: WorkflowHandle, link: string, json: boolean): Promise<number> {
  const view = new PipelineView();
  const refresh = () =>
    handle
      .query(pipelineProgressQuery)
      .then((progress) => view.update(progress))
      .catch(() => undefined); // the next refresh tries again; the result below is what counts
  void refresh();
  const timer = setInterval(() => void refresh(), 1000);
  let report: HexPipelineProgress | undefined;
  let failure: Error | undefined;
  try {
    report = (await handle.result()) as HexPipelineResult;
  } catch (error) {
    failure = error instanceof WorkflowFailedError && error.cause ? error.cause : (error as Error);
    const isPipelineFailure = failure instanceof ApplicationFailure && failure.type === PIPELINE_FAILED_FAILURE_TYPE;
    // A cancelled pipeline carries no report, but its progress query still returns the final step states.
    report = isPipelineFailure
      ? ((failure as ApplicationFailure).details?.[0] as HexPipelineProgress)
      : await handle.query(pipelineProgressQuery).catch(() => undefined);
  } finally {
    clearInterval(timer);
  }

  if (report !== undefined) view.update(report);
  if (json && report !== undefined) console.log(JSON.stringify(report, null, 2));
  else if (report !== undefined) printReport(report, link);
  // The report already names each failed step; other failures (invalid input, cancellation) are printed here.
  if (failure !== undefined && report?.status !== 'failed') {
    console.error(`Pipeline did not complete: ${failure.message}`);
    if (report === undefined) console.error(`Temporal Web UI: ${link}`);
  }
  return report?.status === 'completed' ? 0 : 1;
}

function printReport(report: HexPipelineProgress, link: string): void {
  console.log(
    `Pipeline ${report.pipeline}: ${report.status}, logical date ${report.logicalDate} (${report.logicalDateSource})`
  );
  for (const line of formatSteps(report)) console.log(`  ${line}`);
  for (const step of report.steps.filter((candidate) => candidate.status === 'failed')) {
    console.log(`  ${step.name} failed: ${step.reason ?? 'no reason given'}`);
  }
  console.log(`Temporal Web UI: ${link}`);
}
