// The example pipelines started with the real `temporal` CLI and with the client's `pipeline` command, and their
// search attributes found with `temporal workflow list --query`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { pipelineCommand } from '../src/client/pipeline-command.js';
import { sampleProjects } from '../src/simulator/index.js';
import type { HexPipelineProgress } from '../src/workflows/pipeline/types.js';
import { failedPipeline, stepOf, waitFor } from './pipeline-fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const run = promisify(execFile);
const DAILY_REFRESH = 'examples/daily-refresh.json';
const RETRY_AND_CONTINUE = 'examples/retry-and-continue.json';

let h: Harness;

beforeAll(async () => {
  // The sample projects at ten times real speed: "Daily revenue" takes 0.35 s instead of 3.5 s.
  h = await startHarness({ simulator: { projects: sampleProjects, timeScale: 10 } });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

async function temporalCli(...args: string[]): Promise<string> {
  const { stdout } = await run(inject('temporalCliPath'), [...args, '--address', inject('temporalAddress')]);
  return stdout;
}

async function startWithCli(file: string): Promise<string> {
  const workflowId = `cli-pipeline-${randomUUID()}`;
  await temporalCli(
    'workflow',
    'start',
    '--task-queue',
    h.taskQueue,
    '--type',
    'hexPipeline',
    '--workflow-id',
    workflowId,
    '--input-file',
    file
  );
  return workflowId;
}

/** Returns the workflow ids that `temporal workflow list --query` finds, once there are at least `count`. */
async function listWorkflowIds(query: string, count: number): Promise<string[]> {
  return waitFor(
    async () => {
      const output = await temporalCli('workflow', 'list', '--query', query, '--output', 'json');
      const listed = JSON.parse(output.trim() || '[]') as { execution: { workflowId: string } }[];
      return listed.map((entry) => entry.execution.workflowId).sort();
    },
    (ids) => ids.length >= count,
    10_000
  );
}

describe('example pipelines', () => {
  it('runs daily-refresh from the temporal CLI', async () => {
    const workflowId = await startWithCli(DAILY_REFRESH);
    const result = (await h.client.workflow.getHandle(workflowId).result()) as HexPipelineProgress;

    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => step.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const summary = h.sim.getRun(stepOf(result, 'summary').runId ?? '');
    expect(summary?.inputParams?.as_of).toBe(result.logicalDate);
    expect(summary?.inputParams?.week_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const children = ['revenue-amer', 'revenue-emea', 'staging', 'summary'].map((step) => `${workflowId}/${step}`);
    const query = `HexPipeline = "daily-refresh" AND WorkflowId STARTS_WITH "${workflowId}"`;
    expect(await listWorkflowIds(query, 5)).toEqual([workflowId, ...children]);
    const completedRevenue =
      `HexPipeline = "daily-refresh" AND HexProjectId = "11111111-1111-4111-8111-111111111111" ` +
      `AND HexRunStatus = "COMPLETED" AND WorkflowId STARTS_WITH "${workflowId}/"`;
    expect(await listWorkflowIds(completedRevenue, 2)).toEqual([children[0], children[1]]);
  });

  it('runs retry-and-continue from the temporal CLI', async () => {
    const workflowId = await startWithCli(RETRY_AND_CONTINUE);
    const report = await failedPipeline(h.client.workflow.getHandle(workflowId));

    expect(report.steps.map((step) => [step.name, step.status])).toEqual([
      ['load', 'completed'],
      ['broken-report', 'failed'],
      ['quick-check', 'completed'],
      ['publish', 'skipped'],
    ]);
    expect(stepOf(report, 'load').runs).toBe(2);
    expect(stepOf(report, 'broken-report').runStatus).toBe('ERRORED');
  });

  it('runs daily-refresh from the client and shows each step', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const view = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const flags = { address: inject('temporalAddress'), taskQueue: h.taskQueue, wait: true, logicalDate: '2024-05-01' };
    const code = await pipelineCommand(DAILY_REFRESH, flags);
    const output = log.mock.calls.map((call) => call.join(' ')).join('\n');
    const viewLines = view.mock.calls.map((call) => String(call[0])).join('');
    log.mockRestore();
    errors.mockRestore();
    view.mockRestore();

    expect(code).toBe(0);
    expect(output).toContain('Pipeline daily-refresh: completed, logical date 2024-05-01 (input)');
    expect(output).toMatch(/summary\s+completed/);
    // Not a terminal, so the view printed a line for each step as it changed.
    expect(viewLines).toMatch(/staging: running/);
    expect(viewLines).toMatch(/summary: completed/);
  });
});
