// Registers `schedule <subcommand>` on the command line.
import type { Command } from 'commander';
import {
  backfillSchedule,
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  type ScheduleActionFlags,
} from './schedule-actions.js';
import { createSchedule, OVERLAP_POLICIES, type ScheduleCreateFlags } from './schedule-create.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const overlapNames = Object.keys(OVERLAP_POLICIES).join(', ');

export function registerScheduleCommands(program: Command, addConnectionOptions: (command: Command) => Command): void {
  const schedule = program.command('schedule').description('run pipelines on a timetable with Temporal Schedules');

  addConnectionOptions(
    schedule
      .command('create')
      .description('create a schedule that starts a pipeline (or one project) on a cron expression or an interval')
      .argument('<scheduleId>', 'schedule id; each run gets the workflow id <scheduleId>-<due time>')
      .option('--cron <expression>', 'cron expression in the time zone, such as "0 6 * * *" for 06:00 daily')
      .option('--every <duration>', 'interval instead of --cron, such as 30m, 6h or 1d')
      .option('--pipeline <file.json>', 'pipeline file to run')
      .option('--project <projectId>', 'run one Hex project instead of a pipeline file')
      .option(
        '-p, --param <name=value>',
        'with --project: an input parameter such as day={{ ds }}; repeat',
        collect,
        []
      )
      .option('--timezone <zone>', 'IANA time zone of the cron expression and of {{ ds }} (default UTC)')
      .option('--overlap <policy>', `when a run is due while one runs: ${overlapNames} (default skip)`)
      .option('--catchup-window <duration>', 'how late a missed run may still start after an outage (default 1y)')
      .option('--paused', 'create the schedule paused')
      .option('--note <text>', "note shown with the schedule's state")
  ).action(async (scheduleId: string, flags: ScheduleCreateFlags) => {
    process.exitCode = await createSchedule(scheduleId, flags);
  });

  addConnectionOptions(schedule.command('list').description('list schedules')).action(
    async (flags: ScheduleActionFlags) => {
      process.exitCode = await listSchedules(flags);
    }
  );

  addConnectionOptions(
    schedule
      .command('describe')
      .description("show a schedule's timetable, policies, next and recent runs")
      .argument('<scheduleId>')
      .option('--json', 'print the description as JSON')
  ).action(async (scheduleId: string, flags: ScheduleActionFlags) => {
    process.exitCode = await describeSchedule(scheduleId, flags);
  });

  for (const [name, description, action] of [
    ['pause', 'stop starting runs until unpaused', pauseSchedule],
    ['unpause', 'start runs again', unpauseSchedule],
  ] as const) {
    addConnectionOptions(
      schedule.command(name).description(description).argument('<scheduleId>').option('--note <text>', 'the reason')
    ).action(async (scheduleId: string, flags: ScheduleActionFlags) => {
      process.exitCode = await action(scheduleId, flags);
    });
  }

  addConnectionOptions(
    schedule
      .command('trigger')
      .description('start a run now, with the current time as its logical date')
      .argument('<scheduleId>')
      .option('--overlap <policy>', `${overlapNames} (default allow-all)`)
  ).action(async (scheduleId: string, flags: ScheduleActionFlags) => {
    process.exitCode = await triggerSchedule(scheduleId, flags);
  });

  addConnectionOptions(
    schedule
      .command('backfill')
      .description('start the runs that were due in a past range, each with its own due time as logical date')
      .argument('<scheduleId>')
      .option('--from <date>', "first day (YYYY-MM-DD, in the schedule's time zone) or an ISO timestamp")
      .option('--to <date>', 'last day, included, or an ISO timestamp')
      .option('--overlap <policy>', `${overlapNames} (default buffer-all: one run after another)`)
  ).action(async (scheduleId: string, flags: ScheduleActionFlags) => {
    process.exitCode = await backfillSchedule(scheduleId, flags);
  });

  addConnectionOptions(
    schedule.command('delete').description('delete a schedule; runs it started keep going').argument('<scheduleId>')
  ).action(async (scheduleId: string, flags: ScheduleActionFlags) => {
    process.exitCode = await deleteSchedule(scheduleId, flags);
  });
}
