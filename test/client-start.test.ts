// The `run` and `pipeline` commands against the real dev server: `--json` without `--wait`, and the message when the
// server rejects the start because the input is too large.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { pipelineCommand } from '../src/client/pipeline-command.js';
import { runCommand, type RunFlags } from '../src/client/run-command.js';
import { sampleProjects } from '../src/simulator/index.js';
import { startHarness, type Harness } from './support/harness.js';

const DAILY_REVENUE = '11111111-1111-4111-8111-111111111111';
// Over the dev server's blob size limit for one payload, and under gRPC's 4 MB message limit.
const HUGE_TEXT = 'x'.repeat(3_000_000);

let h: Harness;
let folder: string;

beforeAll(async () => {
  h = await startHarness({ simulator: { projects: sampleProjects, timeScale: 10 } });
  folder = mkdtempSync(join(tmpdir(), 'hex-client-start-test-'));
});

afterAll(async () => {
  vi.restoreAllMocks();
  rmSync(folder, { recursive: true, force: true });
  await h?.close();
});

function runFlags(extra: Partial<RunFlags>): RunFlags {
  return {
    address: inject('temporalAddress'),
    taskQueue: h.taskQueue,
    uiUrl: 'http://ui.test',
    param: [],
    cachedSql: true,
    killOnTimeout: true,
    ...extra,
  };
}

describe('run and pipeline commands', () => {
  it('prints the started run as JSON without --wait', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await runCommand(DAILY_REVENUE, runFlags({ json: true, workflowId: 'json-no-wait' }));
    const output = log.mock.calls.map((call) => call.join(' ')).join('\n');
    log.mockRestore();

    expect(code).toBe(0);
    const started = JSON.parse(output) as Record<string, string>;
    expect(started.workflowId).toBe('json-no-wait');
    expect(started.namespace).toBe('default');
    const description = await h.client.workflow.getHandle('json-no-wait').describe();
    expect(started.runId).toBe(description.runId);
    expect(started.webUiUrl).toBe(
      `http://ui.test/namespaces/default/workflows/json-no-wait/${description.runId}/history`
    );
    await h.client.workflow.getHandle('json-no-wait').result();
  });

  it('explains a params file over the size limit', async () => {
    const paramsFile = join(folder, 'huge-params.json');
    writeFileSync(paramsFile, JSON.stringify({ notes: HUGE_TEXT }));
    const start = runCommand(DAILY_REVENUE, runFlags({ paramsFile, workflowId: 'huge-run' }));

    await expect(start).rejects.toThrow('Failed to start workflow huge-run: 3 INVALID_ARGUMENT: Blob data size');
    await expect(start).rejects.toThrow('The workflow input is 3.0 MB of JSON');
    await expect(start).rejects.toThrow('keep large data in Hex');
  });

  it('explains a pipeline over the size limit', async () => {
    const file = join(folder, 'huge-pipeline.json');
    const step = { name: 'load', projectId: DAILY_REVENUE, inputParams: { notes: HUGE_TEXT } };
    writeFileSync(file, JSON.stringify({ name: 'huge', steps: [step] }));
    const flags = { address: inject('temporalAddress'), taskQueue: h.taskQueue, workflowId: 'huge-pipeline' };
    const start = pipelineCommand(file, flags);

    await expect(start).rejects.toThrow('Failed to start workflow huge-pipeline: 3 INVALID_ARGUMENT: Blob data size');
    await expect(start).rejects.toThrow('The workflow input is 3.0 MB of JSON');
  });
});
