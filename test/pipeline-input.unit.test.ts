// hexPipeline's input checks, without Temporal.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { checkHexPipelineInput } from '../src/workflows/pipeline/input.js';

const A = 'e0000000-0000-4000-8000-00000000000a';
const B = 'e0000000-0000-4000-8000-00000000000b';

function problemOf(input: unknown): ApplicationFailure {
  try {
    checkHexPipelineInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }
  throw new Error('the input was accepted');
}

describe('checkHexPipelineInput', () => {
  it('returns the checked pipeline with defaults', () => {
    const checked = checkHexPipelineInput({
      name: 'daily',
      steps: [
        { name: 'load', projectId: A, inputParams: { day: '{{ ds }}' } },
        { name: 'report', projectId: B, dependsOn: ['load', 'load'], retry: {} },
      ],
    });
    expect(checked.failurePolicy).toBe('failFast');
    expect(checked.timezone).toBe('UTC');
    expect(checked.logicalDateMs).toBeUndefined();
    expect(checked.steps[0]?.runInput).toEqual({ projectId: A, inputParams: { day: '{{ ds }}' } });
    expect(checked.steps[1]?.dependsOn).toEqual(['load']);
    expect(checked.steps[1]?.retry).toEqual({ maxRuns: 3, delayMs: 60_000, onStatuses: ['UNABLE_TO_ALLOCATE_KERNEL'] });
  });

  it('reads the logical date in the time zone', () => {
    const checked = checkHexPipelineInput({
      name: 'daily',
      timezone: 'Asia/Tokyo',
      logicalDate: '2024-05-02',
      failurePolicy: 'continue',
      steps: [{ name: 'load', projectId: A, retry: { maxRuns: 2, delay: '5s', onStatuses: ['ERRORED'] } }],
    });
    expect(checked.logicalDateMs).toBe(Date.parse('2024-05-01T15:00:00Z'));
    expect(checked.failurePolicy).toBe('continue');
    expect(checked.steps[0]?.retry).toEqual({ maxRuns: 2, delayMs: 5000, onStatuses: ['ERRORED'] });
  });

  it.each([
    ['not an object', [], 'must be a JSON object'],
    ['no steps', { name: 'daily', steps: [] }, 'steps is missing or empty'],
    ['missing steps', { name: 'daily' }, 'steps is missing or empty'],
    [
      'steps as an object',
      { name: 'daily', steps: { a: 1 } },
      'steps must be an array of step objects such as [{"name": "refresh", "projectId": "<uuid>"}], got an object',
    ],
    ['steps as a string', { name: 'daily', steps: 'a' }, 'steps must be an array of step objects'],
    ['bad pipeline name', { name: 'my pipeline', steps: [{ name: 'a', projectId: A }] }, 'pipeline name "my pipeline"'],
    [
      'unknown pipeline field',
      { name: 'daily', step: [], steps: [{ name: 'a', projectId: A }] },
      'unknown pipeline field "step"',
    ],
    [
      'bad failure policy',
      { name: 'daily', failurePolicy: 'stop', steps: [{ name: 'a', projectId: A }] },
      'failurePolicy "stop" is invalid: use "failFast" or "continue"',
    ],
    [
      'bad time zone',
      { name: 'daily', timezone: 'Paris', steps: [{ name: 'a', projectId: A }] },
      'timezone "Paris" is not a known IANA time zone',
    ],
    [
      'bad logical date',
      { name: 'daily', logicalDate: '2024-13-01', steps: [{ name: 'a', projectId: A }] },
      'logicalDate "2024-13-01" is invalid',
    ],
    ['bad step name', { name: 'daily', steps: [{ name: 'a/b', projectId: A }] }, 'steps[0].name "a/b" is invalid'],
    [
      'duplicate step',
      {
        name: 'daily',
        steps: [
          { name: 'a', projectId: A },
          { name: 'a', projectId: B },
        ],
      },
      'step name "a" is used by steps 1, 2',
    ],
    [
      'unknown dependency',
      { name: 'daily', steps: [{ name: 'a', projectId: A, dependsOn: ['b'] }] },
      'step "a" depends on "b", which is not a step of this pipeline',
    ],
    [
      'cycle',
      {
        name: 'daily',
        steps: [
          { name: 'a', projectId: A, dependsOn: ['b'] },
          { name: 'b', projectId: B, dependsOn: ['a'] },
        ],
      },
      'a → b → a',
    ],
    [
      'dependsOn not a list',
      { name: 'daily', steps: [{ name: 'a', projectId: A, dependsOn: 'b' }] },
      'step "a": dependsOn must be an array',
    ],
    [
      'bad project id',
      { name: 'daily', steps: [{ name: 'a', projectId: 'abc' }] },
      'Invalid step "a": projectId "abc" is not a Hex project id',
    ],
    [
      'invalid run options',
      { name: 'daily', steps: [{ name: 'a', projectId: A, viewId: 'v', inputParams: {} }] },
      'Invalid step "a": viewId and inputParams cannot be combined',
    ],
    [
      'unknown placeholder',
      { name: 'daily', steps: [{ name: 'a', projectId: A, inputParams: { day: '{{ today }}' } }] },
      'step "a" inputParams.day contains the unknown placeholder "{{ today }}"',
    ],
    [
      'unknown placeholder in a notification',
      {
        name: 'daily',
        steps: [
          {
            name: 'a',
            projectId: A,
            notifications: [{ type: 'ALL', includeSuccessScreenshot: false, subject: 'Run {{ date }}' }],
          },
        ],
      },
      'step "a" notifications[0].subject contains the unknown placeholder "{{ date }}"',
    ],
    [
      'retryableStatuses on a step',
      { name: 'daily', steps: [{ name: 'a', projectId: A, retryableStatuses: ['ERRORED'] }] },
      'use retry.onStatuses instead',
    ],
    [
      'bad retry runs',
      { name: 'daily', steps: [{ name: 'a', projectId: A, retry: { maxRuns: 0 } }] },
      'step "a": retry.maxRuns 0 must be a whole number of runs, 1 or more',
    ],
    [
      'bad retry delay',
      { name: 'daily', steps: [{ name: 'a', projectId: A, retry: { delay: 'soon' } }] },
      'step "a": retry.delay "soon" is not a positive duration',
    ],
    [
      'bad retry status',
      { name: 'daily', steps: [{ name: 'a', projectId: A, retry: { onStatuses: ['KILLED'] } }] },
      'step "a": retry.onStatuses ["KILLED"] is invalid',
    ],
  ])('rejects %s', (_case, input, message) => {
    const failure = problemOf(input);
    expect(failure.type).toBe('InvalidHexPipelineInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
  });

  it('lists every problem at once', () => {
    const failure = problemOf({
      name: 'daily',
      failurePolicy: 'stop',
      steps: [
        { name: 'a', projectId: A, dependsOn: ['x'] },
        { name: 'b', projectId: 'abc', inputParams: { day: '{{ dss }}' } },
      ],
    });
    expect(failure.message).toContain('failurePolicy "stop"');
    expect(failure.message).toContain('depends on "x"');
    expect(failure.message).toContain('projectId "abc"');
    expect(failure.message).toContain('"{{ dss }}"');
  });
});
