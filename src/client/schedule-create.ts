// `schedule create <id>`: a Temporal Schedule that starts hexPipeline on a cron expression or an interval, for a
// pipeline file or for one project (run as a one-step pipeline, so that placeholders such as {{ ds }} work).
import { msToNumber } from '@temporalio/common';
import type { ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import type { HexPipelineInput } from '../workflows/pipeline/types.js';
import { checkPipeline, pipelineStartOptions, readPipelineFile } from './pipeline-file.js';
import { parseParam, UsageError } from './run-command.js';
import { connectClient, type ConnectionFlags } from './temporal-connection.js';
import { scheduleError } from './temporal-errors.js';

export interface ScheduleCreateFlags extends ConnectionFlags {
  cron?: string;
  every?: string;
  pipeline?: string;
  project?: string;
  param: string[];
  timezone?: string;
  overlap?: string;
  catchupWindow?: string;
  paused?: boolean;
  note?: string;
}

/** The --overlap values, in the order of Temporal's ScheduleOverlapPolicy. */
export const OVERLAP_POLICIES: Record<string, ScheduleOverlapPolicy> = {
  skip: 'SKIP',
  'buffer-one': 'BUFFER_ONE',
  'buffer-all': 'BUFFER_ALL',
  'cancel-other': 'CANCEL_OTHER',
  'terminate-other': 'TERMINATE_OTHER',
  'allow-all': 'ALLOW_ALL',
};

/** Step name of the one-step pipeline that `--project` schedules. */
export const PROJECT_STEP_NAME = 'project';

export function parseOverlap(text: string | undefined): ScheduleOverlapPolicy | undefined {
  if (text === undefined) return undefined;
  const policy = OVERLAP_POLICIES[text];
  if (policy === undefined) {
    throw new UsageError(`--overlap ${text} is invalid: use one of ${Object.keys(OVERLAP_POLICIES).join(', ')}`);
  }
  return policy;
}

/** Builds the pipeline that each scheduled run starts, from --pipeline or --project, with --timezone applied. */
export function schedulePipeline(scheduleId: string, flags: ScheduleCreateFlags): HexPipelineInput {
  if ((flags.pipeline === undefined) === (flags.project === undefined)) {
    throw new UsageError('give either --pipeline <file.json> or --project <projectId>, not both or neither');
  }
  if (flags.pipeline !== undefined && flags.param.length > 0) {
    throw new UsageError('--param goes with --project; put a pipeline step\'s parameters in its "inputParams"');
  }
  let input: HexPipelineInput;
  if (flags.pipeline !== undefined) {
    input = readPipelineFile(flags.pipeline);
    if (input.logicalDate !== undefined) {
      throw new UsageError(
        `${flags.pipeline} sets logicalDate ${JSON.stringify(input.logicalDate)}, which would give every scheduled ` +
          "run the same date: remove it, so that each run takes its schedule's due time"
      );
    }
  } else {
    const inputParams = Object.fromEntries(flags.param.map(parseParam));
    const step = { name: PROJECT_STEP_NAME, projectId: flags.project ?? '' };
    input = { name: scheduleId, steps: [flags.param.length > 0 ? { ...step, inputParams } : step] };
  }
  if (flags.timezone !== undefined) {
    if (input.timezone !== undefined && input.timezone !== flags.timezone) {
      throw new UsageError(
        `the pipeline file sets timezone ${input.timezone} but --timezone is ${flags.timezone}: remove one of them`
      );
    }
    input.timezone = flags.timezone;
  }
  checkPipeline(input, flags.pipeline ?? `--project ${flags.project}`);
  return input;
}

export function buildScheduleOptions(
  scheduleId: string,
  flags: ScheduleCreateFlags,
  taskQueue: string
): ScheduleOptions {
  if ((flags.cron === undefined) === (flags.every === undefined)) {
    throw new UsageError('give either --cron "<expression>" or --every <duration>, not both or neither');
  }
  const input = schedulePipeline(scheduleId, flags);
  const spec: ScheduleOptions['spec'] = { timezone: flags.timezone };
  if (flags.cron !== undefined) spec.cronExpressions = [flags.cron];
  else spec.intervals = [{ every: positiveDuration(flags.every ?? '', '--every') }];
  const catchupWindow =
    flags.catchupWindow === undefined ? undefined : positiveDuration(flags.catchupWindow, '--catchup-window');
  const { typedSearchAttributes, staticSummary, staticDetails } = pipelineStartOptions(input);
  return {
    scheduleId,
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: 'hexPipeline',
      taskQueue,
      args: [input],
      // The server appends the due time, so each run's workflow id is "<scheduleId>-<ISO time>".
      workflowId: scheduleId,
      typedSearchAttributes,
      staticSummary,
      staticDetails,
    },
    policies: { overlap: parseOverlap(flags.overlap), catchupWindow },
    state: { paused: flags.paused ?? false, note: flags.note },
    // Kept so that `schedule list` and `describe` can show the timetable as it was written.
    memo: { timetable: flags.cron !== undefined ? `cron ${flags.cron}` : `every ${flags.every}`, pipeline: input.name },
  };
}

export async function createSchedule(scheduleId: string, flags: ScheduleCreateFlags): Promise<number> {
  // Built before connecting, so that a usage error is reported as such; the task queue comes with the connection.
  const options = buildScheduleOptions(scheduleId, flags, '');
  const ctx = await connectClient(flags);
  try {
    options.action.taskQueue = ctx.taskQueue;
    const handle = await ctx.client.schedule.create(options).catch((error: unknown) => {
      throw createError(error, scheduleId, ctx.namespace, flags.cron);
    });
    const { info } = await handle.describe();
    console.log(`Created schedule ${scheduleId} for pipeline ${String(options.memo?.pipeline)}`);
    const next = info.nextActionTimes.slice(0, 3).map((time) => time.toISOString());
    console.log(`Next runs: ${next.length > 0 ? next.join(', ') : 'none'}`);
    return 0;
  } finally {
    await ctx.close();
  }
}

function createError(error: unknown, scheduleId: string, namespace: string, cron: string | undefined): unknown {
  // The SDK turns the server's INVALID_ARGUMENT "Invalid schedule spec: <reason>" into a TypeError with the reason.
  // The client checks the time zone itself, so with --cron set, an invalid spec is taken to be the cron expression.
  if (error instanceof TypeError && cron !== undefined) {
    return new UsageError(
      `--cron ${JSON.stringify(cron)} is invalid: ${error.message}. Use five fields, minute hour day-of-month ` +
        'month day-of-week, such as "0 6 * * *" for 06:00 every day or "*/15 * * * 1-5" for every 15 minutes ' +
        'on weekdays'
    );
  }
  return scheduleError(error, scheduleId, namespace);
}

function positiveDuration(text: string, option: string): number {
  let ms = Number.NaN;
  try {
    ms = msToNumber(text);
  } catch {
    // reported below
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(`${option} ${text} is not a positive duration: use a value such as 30m, 6h or 1d`);
  }
  return ms;
}
