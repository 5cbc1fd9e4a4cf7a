// `schedule list | describe | pause | unpause | trigger | backfill | delete`: the schedule commands other than create.
import type { ScheduleDescription, ScheduleSummary } from '@temporalio/client';
import { addDays, localMidnight, parseLogicalDate } from '../workflows/pipeline/logical-date.js';
import { UsageError } from './run-command.js';
import { parseOverlap } from './schedule-create.js';
import { connectClient, workflowUiLink, type ClientContext, type ConnectionFlags } from './temporal-connection.js';
import { scheduleError } from './temporal-errors.js';

export interface ScheduleActionFlags extends ConnectionFlags {
  note?: string;
  overlap?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

async function withClient(flags: ConnectionFlags, action: (ctx: ClientContext) => Promise<void>): Promise<number> {
  const ctx = await connectClient(flags);
  try {
    await action(ctx);
    return 0;
  } finally {
    await ctx.close();
  }
}

/** Runs an action on one schedule, with errors that name the schedule (such as a schedule id that does not exist). */
function withSchedule(
  scheduleId: string,
  flags: ConnectionFlags,
  action: (ctx: ClientContext) => Promise<void>
): Promise<number> {
  return withClient(flags, (ctx) =>
    action(ctx).catch((error: unknown) => {
      throw scheduleError(error, scheduleId, ctx.namespace);
    })
  );
}

export function listSchedules(flags: ScheduleActionFlags): Promise<number> {
  return withClient(flags, async ({ client }) => {
    let count = 0;
    for await (const schedule of client.schedule.list()) {
      count += 1;
      const next = schedule.info.nextActionTimes[0]?.toISOString() ?? 'none';
      const state = schedule.state.paused ? 'paused' : 'active';
      console.log(`${schedule.scheduleId}  ${state}  ${timetable(schedule)}  next: ${next}`);
    }
    if (count === 0)
      console.log('No schedules. Create one with: schedule create <id> --cron "0 6 * * *" --pipeline <file>');
  });
}

export function describeSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  return withSchedule(scheduleId, flags, async (ctx) => {
    const description = await ctx.client.schedule.getHandle(scheduleId).describe();
    if (flags.json) {
      console.log(JSON.stringify(description, null, 2));
      return;
    }
    const { state, policies, info, spec } = description;
    console.log(`Schedule ${scheduleId}: ${state.paused ? 'paused' : 'active'}${state.note ? ` (${state.note})` : ''}`);
    console.log(`  timetable:   ${timetable(description)}${spec.timezone ? ` in ${spec.timezone}` : ''}`);
    const pipeline = description.memo?.pipeline;
    console.log(`  pipeline:    ${typeof pipeline === 'string' ? pipeline : 'unknown'}`);
    console.log(`  overlap:     ${policies.overlap}, catch-up window ${formatDuration(policies.catchupWindow)}`);
    console.log(`  runs so far: ${info.numActionsTaken}, skipped for overlap: ${info.numActionsSkippedOverlap}`);
    for (const time of info.nextActionTimes.slice(0, 3)) console.log(`  next:        ${time.toISOString()}`);
    for (const action of info.recentActions) {
      const { workflowId } = action.action.workflow;
      console.log(`  recent:      due ${action.scheduledAt.toISOString()}  ${workflowId}`);
    }
    for (const running of info.runningActions) {
      const link = workflowUiLink(ctx.uiUrl, ctx.namespace, running.workflow.workflowId);
      console.log(`  running:     ${running.workflow.workflowId}  ${link}`);
    }
  });
}

export function pauseSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  return withSchedule(scheduleId, flags, async ({ client }) => {
    await client.schedule.getHandle(scheduleId).pause(flags.note ?? 'Paused from the hex-temporal client');
    console.log(`Paused schedule ${scheduleId}`);
  });
}

export function unpauseSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  return withSchedule(scheduleId, flags, async ({ client }) => {
    await client.schedule.getHandle(scheduleId).unpause(flags.note ?? 'Unpaused from the hex-temporal client');
    console.log(`Unpaused schedule ${scheduleId}`);
  });
}

export function triggerSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  const overlap = parseOverlap(flags.overlap);
  return withSchedule(scheduleId, flags, async ({ client }) => {
    await client.schedule.getHandle(scheduleId).trigger(overlap);
    console.log(
      `Triggered schedule ${scheduleId}; its logical date is now. See it with: schedule describe ${scheduleId}`
    );
  });
}

export function backfillSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  // Checked before connecting, so that a usage error is reported as such. The range itself needs the schedule's
  // time zone, known only after connecting.
  backfillRange(flags.from, flags.to, 'UTC');
  // Backfilled runs go one after another unless --overlap sets another policy, so that none is skipped.
  const overlap = parseOverlap(flags.overlap) ?? 'BUFFER_ALL';
  return withSchedule(scheduleId, flags, async ({ client }) => {
    const handle = client.schedule.getHandle(scheduleId);
    // A schedule without a time zone describes it as an empty string.
    const timezone = (await handle.describe()).spec.timezone || 'UTC';
    const { start, end } = backfillRange(flags.from, flags.to, timezone);
    await handle.backfill({ start, end, overlap });
    console.log(
      `Backfill requested for schedule ${scheduleId}: every run due from ${start.toISOString()} to ` +
        `${end.toISOString()}, each with its due time as logical date`
    );
  });
}

export function deleteSchedule(scheduleId: string, flags: ScheduleActionFlags): Promise<number> {
  return withSchedule(scheduleId, flags, async ({ client }) => {
    await client.schedule.getHandle(scheduleId).delete();
    console.log(`Deleted schedule ${scheduleId}; pipelines it started keep running`);
  });
}

/**
 * Turns --from and --to into the backfill's time range. A date covers its whole day in the schedule's time zone, so
 * `--from 2024-05-01 --to 2024-05-03` backfills every run due on those three days.
 */
export function backfillRange(from: string | undefined, to: string | undefined, timezone: string) {
  if (from === undefined || to === undefined) {
    throw new UsageError('backfill needs --from and --to, such as --from 2024-05-01 --to 2024-05-03');
  }
  const startMs = DATE_ONLY.test(from) ? localMidnight(from, timezone) : parseLogicalDate(from, timezone);
  const endMs = DATE_ONLY.test(to) ? localMidnight(addDays(to, 1), timezone) - 1 : parseLogicalDate(to, timezone);
  for (const [option, text, ms] of [
    ['--from', from, startMs],
    ['--to', to, endMs],
  ] as const) {
    if (typeof ms === 'string') {
      throw new UsageError(
        `${option} ${JSON.stringify(text)} is invalid: use a date such as 2024-05-01 or a timestamp with a zone ` +
          'such as 2024-05-01T06:00:00Z'
      );
    }
  }
  if ((endMs as number) < (startMs as number)) {
    throw new UsageError(`--from ${from} is after --to ${to}: swap them`);
  }
  return { start: new Date(startMs), end: new Date(endMs) };
}

/** Formats milliseconds in the largest whole unit, such as 365d, 90m or 1500ms. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function timetable(schedule: ScheduleSummary | ScheduleDescription): string {
  const written = schedule.memo?.timetable;
  return typeof written === 'string' ? written : 'a timetable not set by this client';
}
