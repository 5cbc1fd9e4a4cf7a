// hexPipeline's input end to end: invalid pipelines start nothing, and placeholders get the logical date.
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HexPipelineInput, HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import { failureOf, project, startPipeline, stepOf } from './pipeline-fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const A = 'f1000000-0000-4000-8000-00000000000a';
const B = 'f1000000-0000-4000-8000-00000000000b';
const CHILD_STARTED = temporal.api.enums.v1.EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        project(A, { status: 'COMPLETED', pendingMs: 50, runningMs: 100 }),
        project(B, { status: 'COMPLETED', pendingMs: 50, runningMs: 100 }),
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

const invalid: [string, unknown, string][] = [
  [
    'unknown dependency',
    { name: 'p', steps: [{ name: 'a', projectId: A, dependsOn: ['missing'] }] },
    'step "a" depends on "missing"',
  ],
  [
    'cycle',
    {
      name: 'p',
      steps: [
        { name: 'a', projectId: A, dependsOn: ['b'] },
        { name: 'b', projectId: B, dependsOn: ['a'] },
      ],
    },
    'a → b → a',
  ],
  [
    'duplicate step name',
    {
      name: 'p',
      steps: [
        { name: 'a', projectId: A },
        { name: 'a', projectId: B },
      ],
    },
    'step name "a" is used by steps 1, 2',
  ],
  ['empty pipeline', { name: 'p', steps: [] }, 'steps is missing or empty'],
  [
    'invalid run options',
    { name: 'p', steps: [{ name: 'a', projectId: A, dryRun: 'yes' }] },
    'Invalid step "a": run option "dryRun" must be true or false',
  ],
  [
    'unknown placeholder',
    { name: 'p', steps: [{ name: 'a', projectId: A, inputParams: { day: '{{ today }}' } }] },
    'unknown placeholder "{{ today }}"',
  ],
];

describe('invalid hexPipeline input', () => {
  it.each(invalid)('rejects %s and starts nothing', async (_case, input, message) => {
    const before = h.sim.stats();
    const handle = await startPipeline(h, input as HexPipelineInput);
    const failure = await failureOf(handle.result());

    expect(failure.type).toBe('InvalidHexPipelineInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
    expect(h.sim.stats().runsCreated).toBe(before.runsCreated);
    expect(h.sim.stats().requests.total).toBe(before.requests.total);
    const { events } = await handle.fetchHistory();
    expect(events?.filter((event) => event.eventType === CHILD_STARTED)).toEqual([]);
  });
});

describe('logical date placeholders', () => {
  it('uses the logicalDate input in its time zone', async () => {
    const handle = await startPipeline(h, {
      name: 'dated',
      logicalDate: '2024-03-01',
      timezone: 'America/New_York',
      steps: [
        {
          name: 'load',
          projectId: A,
          inputParams: { day: '{{ ds }}', since: '{{ ds - 1 }}', at: '{{ ts }}', label: '{{ pipeline }}/{{ step }}' },
        },
      ],
    });
    const result = (await handle.result()) as HexPipelineProgress;

    expect(result.logicalDate).toBe('2024-03-01');
    expect(result.logicalTimestamp).toBe('2024-03-01T05:00:00Z');
    expect(result.logicalDateSource).toBe('input');
    const expected = { day: '2024-03-01', since: '2024-02-29', at: '2024-03-01T05:00:00Z', label: 'dated/load' };
    expect(stepOf(result, 'load').inputParams).toEqual(expected);
    expect(h.sim.getRun(stepOf(result, 'load').runId ?? '')?.inputParams).toEqual(expected);
  });

  it('falls back to the start time', async () => {
    const handle = await startPipeline(h, {
      name: 'undated',
      steps: [{ name: 'load', projectId: B, inputParams: { day: '{{ ds_nodash }}', id: '{{ workflow_id }}' } }],
    });
    const result = (await handle.result()) as HexPipelineProgress;
    const startTime = (await handle.describe()).startTime;

    expect(result.logicalDateSource).toBe('startTime');
    expect(result.logicalDate).toBe(startTime.toISOString().slice(0, 10));
    const params = h.sim.getRun(stepOf(result, 'load').runId ?? '')?.inputParams;
    expect(params).toEqual({ day: result.logicalDate.replaceAll('-', ''), id: handle.workflowId });
  });
});
