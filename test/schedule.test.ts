// Schedules through the client's commands against the real dev server: create, trigger, backfill, pause, list and
// delete, with each run's logical date checked in the parameters that reached the Hex simulator.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  backfillRange,
  backfillSchedule,
  deleteSchedule,
  describeSchedule,
  formatDuration,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
} from '../src/client/schedule-actions.js';
import { UsageError } from '../src/client/run-command.js';
import { createSchedule, OVERLAP_POLICIES, type ScheduleCreateFlags } from '../src/client/schedule-create.js';
import { localDate } from '../src/workflows/pipeline/logical-date.js';
import type { HexPipelineInput, HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import { HEX_PIPELINE } from '../src/workflows/search-attributes.js';
import { project, runsOf, waitFor } from './pipeline-fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const PROJECT = 'f2000000-0000-4000-8000-000000000001';
const SINGLE = 'f2000000-0000-4000-8000-000000000002';

let h: Harness;
let folder: string;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        project(PROJECT, { status: 'COMPLETED', pendingMs: 50, runningMs: 100 }),
        project(SINGLE, { status: 'COMPLETED', pendingMs: 50, runningMs: 100 }),
      ],
    },
  });
  folder = mkdtempSync(join(tmpdir(), 'hex-schedule-test-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterAll(async () => {
  vi.restoreAllMocks();
  rmSync(folder, { recursive: true, force: true });
  await h?.close();
});

function connection() {
  return { address: inject('temporalAddress'), taskQueue: h.taskQueue };
}

function printed(): string {
  return vi
    .mocked(console.log)
    .mock.calls.map((call) => call.join(' '))
    .join('\n');
}

/** Waits until the schedule took the given number of actions, and returns their results, oldest due time first. */
async function scheduledResults(scheduleId: string, count: number): Promise<HexPipelineProgress[]> {
  const handle = h.client.schedule.getHandle(scheduleId);
  const { info } = await waitFor(
    () => handle.describe(),
    (description) => description.info.recentActions.length >= count
  );
  const actions = [...info.recentActions].sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  return Promise.all(
    actions.map(
      (action) =>
        h.client.workflow.getHandle(action.action.workflow.workflowId).result() as Promise<HexPipelineProgress>
    )
  );
}

describe('schedule commands', () => {
  it('creates, triggers and backfills a pipeline', async () => {
    const scheduleId = `daily-${randomUUID().slice(0, 8)}`;
    const pipelineFile = join(folder, 'pipeline.json');
    const pipeline: HexPipelineInput = {
      name: 'scheduled',
      steps: [{ name: 'load', projectId: PROJECT, inputParams: { day: '{{ ds }}', at: '{{ ts }}' } }],
    };
    writeFileSync(pipelineFile, JSON.stringify(pipeline));
    // 06:00 in Tokyo is 21:00 UTC the day before, so the logical date must come from the schedule's time zone.
    const flags: ScheduleCreateFlags = {
      ...connection(),
      cron: '0 6 * * *',
      timezone: 'Asia/Tokyo',
      pipeline: pipelineFile,
      param: [],
      overlap: 'allow-all',
    };
    expect(await createSchedule(scheduleId, flags)).toBe(0);
    expect(printed()).toContain(`Created schedule ${scheduleId} for pipeline scheduled`);

    expect(await triggerSchedule(scheduleId, connection())).toBe(0);
    const [triggered] = await scheduledResults(scheduleId, 1);
    expect(triggered?.status).toBe('completed');
    expect(triggered?.logicalDateSource).toBe('schedule');
    expect(triggered?.timezone).toBe('Asia/Tokyo');
    expect(triggered?.logicalDate).toBe(localDate(Date.parse(triggered?.logicalTimestamp ?? ''), 'Asia/Tokyo'));

    const range = { ...connection(), from: '2024-05-01', to: '2024-05-03', overlap: 'allow-all' };
    expect(await backfillSchedule(scheduleId, range)).toBe(0);
    const results = await scheduledResults(scheduleId, 4);
    const backfilled = results.filter((result) => result.logicalDate.startsWith('2024-'));
    expect(backfilled.map((result) => result.logicalDate)).toEqual(['2024-05-01', '2024-05-02', '2024-05-03']);
    expect(backfilled.map((result) => result.logicalTimestamp)).toEqual([
      '2024-04-30T21:00:00Z',
      '2024-05-01T21:00:00Z',
      '2024-05-02T21:00:00Z',
    ]);
    for (const result of backfilled) {
      expect(result.status).toBe('completed');
      const runId = result.steps[0]?.runId ?? '';
      expect(h.sim.getRun(runId)?.inputParams).toEqual({ day: result.logicalDate, at: result.logicalTimestamp });
      const description = await h.client.workflow.getHandle(result.workflowId).describe();
      expect(description.typedSearchAttributes.get(HEX_PIPELINE)).toBe('scheduled');
      expect(result.workflowId.startsWith(`${scheduleId}-`)).toBe(true);
    }
    const days = runsOf(h, PROJECT).map((run) => run.inputParams?.day);
    expect(days).toEqual(expect.arrayContaining(['2024-05-01', '2024-05-02', '2024-05-03']));

    expect(await describeSchedule(scheduleId, connection())).toBe(0);
    expect(printed()).toContain('timetable:   cron 0 6 * * * in Asia/Tokyo');
    expect(printed()).toContain('overlap:     ALLOW_ALL, catch-up window 365d');
    expect(await deleteSchedule(scheduleId, connection())).toBe(0);
    await expect(h.client.schedule.getHandle(scheduleId).describe()).rejects.toThrow(ScheduleNotFoundError);
  });

  it('backfills a run due at the start of the range', async () => {
    const scheduleId = `midnight-${randomUUID().slice(0, 8)}`;
    const flags: ScheduleCreateFlags = { ...connection(), cron: '0 0 * * *', project: SINGLE, param: ['day={{ ds }}'] };
    expect(await createSchedule(scheduleId, flags)).toBe(0);
    expect(await backfillSchedule(scheduleId, { ...connection(), from: '2024-06-01', to: '2024-06-01' })).toBe(0);
    const [result] = await scheduledResults(scheduleId, 1);

    expect(result?.logicalTimestamp).toBe('2024-06-01T00:00:00Z');
    expect(h.sim.getRun(result?.steps[0]?.runId ?? '')?.inputParams).toEqual({ day: '2024-06-01' });
    expect(await deleteSchedule(scheduleId, connection())).toBe(0);
  });

  it('schedules one project with parameters', async () => {
    const scheduleId = `single-${randomUUID().slice(0, 8)}`;
    const flags: ScheduleCreateFlags = { ...connection(), every: '1d', project: SINGLE, param: ['day={{ ds }}'] };
    expect(await createSchedule(scheduleId, flags)).toBe(0);
    expect(await pauseSchedule(scheduleId, { ...connection(), note: 'holiday' })).toBe(0);
    const paused = await h.client.schedule.getHandle(scheduleId).describe();
    expect(paused.state.paused).toBe(true);
    expect(paused.state.note).toBe('holiday');
    expect(await listSchedules(connection())).toBe(0);
    expect(printed()).toMatch(new RegExp(`${scheduleId}  paused  every 1d`));
    expect(await unpauseSchedule(scheduleId, connection())).toBe(0);
    expect((await h.client.schedule.getHandle(scheduleId).describe()).state.paused).toBe(false);

    expect(await triggerSchedule(scheduleId, connection())).toBe(0);
    const [result] = await scheduledResults(scheduleId, 1);
    expect(result?.pipeline).toBe(scheduleId);
    expect(result?.steps.map((step) => step.name)).toEqual(['project']);
    expect(h.sim.getRun(result?.steps[0]?.runId ?? '')?.inputParams).toEqual({ day: result?.logicalDate });
    expect(await deleteSchedule(scheduleId, connection())).toBe(0);
  });
});

describe('schedule policies', () => {
  it.each(Object.entries(OVERLAP_POLICIES))('sets --overlap %s', async (flag, policy) => {
    const scheduleId = `overlap-${flag}-${randomUUID().slice(0, 8)}`;
    const flags: ScheduleCreateFlags = {
      ...connection(),
      every: '1d',
      project: SINGLE,
      param: [],
      overlap: flag,
      catchupWindow: '2h',
      paused: true,
    };
    expect(await createSchedule(scheduleId, flags)).toBe(0);
    const description = await h.client.schedule.getHandle(scheduleId).describe();
    expect(description.policies.overlap).toBe(policy);
    expect(description.policies.catchupWindow).toBe(2 * 3_600_000);
    expect(await deleteSchedule(scheduleId, connection())).toBe(0);
  });
});

describe('schedule command errors', () => {
  const missing = `missing-${randomUUID().slice(0, 8)}`;
  const notFound = `Schedule ${missing} not found in namespace default: list them with \`schedule list\``;

  it.each([
    ['describe', () => describeSchedule(missing, connection())],
    ['pause', () => pauseSchedule(missing, connection())],
    ['unpause', () => unpauseSchedule(missing, connection())],
    ['trigger', () => triggerSchedule(missing, connection())],
    ['backfill', () => backfillSchedule(missing, { ...connection(), from: '2024-05-01', to: '2024-05-02' })],
    ['delete', () => deleteSchedule(missing, connection())],
  ])('names a missing schedule on %s', async (_command, action) => {
    await expect(action()).rejects.toThrow(notFound);
  });

  it('names an existing schedule on create', async () => {
    const scheduleId = `twice-${randomUUID().slice(0, 8)}`;
    const flags: ScheduleCreateFlags = { ...connection(), every: '1d', project: SINGLE, param: [], paused: true };
    expect(await createSchedule(scheduleId, flags)).toBe(0);

    await expect(createSchedule(scheduleId, flags)).rejects.toThrow(
      `Schedule ${scheduleId} already exists in namespace default: delete it first with ` +
        `\`schedule delete ${scheduleId}\`, or choose another schedule id`
    );
    expect(await deleteSchedule(scheduleId, connection())).toBe(0);
  });

  it.each([
    ['99 6 * * *', '--cron "99 6 * * *" is invalid: Minute is not in range [0-59]. Use five fields'],
    ['0 6 * *', '--cron "0 6 * *" is invalid: CronString does not have 5-7 fields'],
  ])('names the flag for --cron %s', async (cron, message) => {
    const scheduleId = `cron-${randomUUID().slice(0, 8)}`;
    const create = createSchedule(scheduleId, { ...connection(), cron, project: SINGLE, param: [] });

    await expect(create).rejects.toThrow(UsageError);
    await expect(create).rejects.toThrow(message);
    await expect(create).rejects.toThrow('such as "0 6 * * *" for 06:00 every day');
  });
});

describe('backfillRange', () => {
  it('covers whole days in the time zone', () => {
    const { start, end } = backfillRange('2024-05-01', '2024-05-03', 'Asia/Tokyo');
    expect(start.toISOString()).toBe('2024-04-30T15:00:00.000Z');
    expect(end.toISOString()).toBe('2024-05-03T14:59:59.999Z');
  });

  it('formats durations in whole units', () => {
    expect(formatDuration(365 * 86_400_000)).toBe('365d');
    expect(formatDuration(90 * 60_000)).toBe('90m');
    expect(formatDuration(1500)).toBe('1500ms');
  });

  it('takes timestamps as they are', () => {
    const { start, end } = backfillRange('2024-05-01T06:00:00Z', '2024-05-01T07:00:00Z', 'UTC');
    expect(start.toISOString()).toBe('2024-05-01T06:00:00.000Z');
    expect(end.toISOString()).toBe('2024-05-01T07:00:00.000Z');
  });

  it.each([
    [undefined, '2024-05-03', 'backfill needs --from and --to'],
    ['2024-05-04', '2024-05-03', '--from 2024-05-04 is after --to 2024-05-03'],
    ['May 1', '2024-05-03', '--from "May 1" is invalid'],
  ])('rejects --from %s --to %s', (from, to, message) => {
    expect(() => backfillRange(from, to, 'UTC')).toThrow(message);
  });
});
