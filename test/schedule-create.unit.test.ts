// The options that `schedule create` builds from its flags, without a server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScheduleOptions, type ScheduleCreateFlags } from '../src/client/schedule-create.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const folder = mkdtempSync(join(tmpdir(), 'hex-schedule-unit-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function pipelineFile(content: unknown): string {
  const path = join(folder, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('buildScheduleOptions', () => {
  it('runs one project as a one-step pipeline', () => {
    const flags: ScheduleCreateFlags = { every: '1d', project: PROJECT, param: ['day={{ ds }}', 'days=7'] };
    const options = buildScheduleOptions('revenue', flags, 'hex-runs');

    expect(options.spec.intervals).toEqual([{ every: 86_400_000 }]);
    expect(options.action.workflowType).toBe('hexPipeline');
    expect(options.action.workflowId).toBe('revenue');
    expect(options.action.args).toEqual([
      { name: 'revenue', steps: [{ name: 'project', projectId: PROJECT, inputParams: { day: '{{ ds }}', days: 7 } }] },
    ]);
    expect(options.memo).toEqual({ timetable: 'every 1d', pipeline: 'revenue' });
  });

  it('sets the time zone on the schedule and the pipeline', () => {
    const path = pipelineFile({ name: 'daily', steps: [{ name: 'load', projectId: PROJECT }] });
    const flags: ScheduleCreateFlags = {
      cron: '0 6 * * *',
      pipeline: path,
      param: [],
      timezone: 'Asia/Tokyo',
      overlap: 'buffer-one',
      catchupWindow: '10m',
    };
    const options = buildScheduleOptions('daily', flags, 'hex-runs');

    expect(options.spec).toEqual({ cronExpressions: ['0 6 * * *'], timezone: 'Asia/Tokyo' });
    expect((options.action.args?.[0] as { timezone: string }).timezone).toBe('Asia/Tokyo');
    expect(options.policies).toEqual({ overlap: 'BUFFER_ONE', catchupWindow: 600_000 });
    expect(options.action.staticSummary).toBe('Hex pipeline daily: 1 step');
  });

  it.each([
    ['both --cron and --every', { cron: '0 6 * * *', every: '1d', project: PROJECT }, 'give either --cron'],
    ['no timetable', { project: PROJECT }, 'give either --cron'],
    ['no pipeline or project', { every: '1d' }, 'give either --pipeline'],
    ['a bad interval', { every: 'daily', project: PROJECT }, '--every daily is not a positive duration'],
    ['a bad overlap', { every: '1d', project: PROJECT, overlap: 'queue' }, '--overlap queue is invalid'],
    ['a bad project id', { every: '1d', project: 'abc' }, 'projectId "abc" is not a Hex project id'],
    ['a bad placeholder', { every: '1d', project: PROJECT, param: ['day={{ today }}'] }, '"{{ today }}"'],
  ])('rejects %s', (_case, flags, message) => {
    expect(() => buildScheduleOptions('s', { param: [], ...flags }, 'hex-runs')).toThrow(message);
  });

  it('rejects a pipeline file with a logical date', () => {
    const path = pipelineFile({ name: 'daily', logicalDate: '2024-05-01', steps: [{ name: 'a', projectId: PROJECT }] });
    expect(() => buildScheduleOptions('s', { every: '1d', pipeline: path, param: [] }, 'q')).toThrow(
      'would give every scheduled run the same date'
    );
  });

  it('rejects a time zone that differs from the file', () => {
    const path = pipelineFile({ name: 'daily', timezone: 'UTC', steps: [{ name: 'a', projectId: PROJECT }] });
    const flags = { every: '1d', pipeline: path, param: [], timezone: 'Europe/Paris' };
    expect(() => buildScheduleOptions('s', flags, 'q')).toThrow('sets timezone UTC but --timezone is Europe/Paris');
  });
});
