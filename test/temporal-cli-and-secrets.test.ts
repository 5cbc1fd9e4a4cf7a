// Runs started with the real `temporal` CLI, and the token kept out of workflow history and errors.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIM_TOKEN, startHarness, type Harness } from './support/harness.js';

/** Returns the workflow's history as text, with every payload decoded from base64 so that its contents can be searched. */
async function historyText(handle: { fetchHistory(): Promise<unknown> }): Promise<string> {
  const raw = JSON.stringify(await handle.fetchHistory());
  return raw.replace(/"data":"([A-Za-z0-9+/=]+)"/g, (_match, data: string) =>
    JSON.stringify(Buffer.from(data, 'base64').toString('utf8'))
  );
}

const run = promisify(execFile);
const PROJECT = 'c0000000-0000-4000-8000-000000000001';

describe('temporal CLI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ simulator: { projects: [{ projectId: PROJECT, title: 'CLI started' }] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts runHexProject with JSON input', async () => {
    const workflowId = `cli-${randomUUID()}`;
    const input = JSON.stringify({ projectId: PROJECT, inputParams: { region: 'EU' }, waitLimit: '5m' });
    await run(inject('temporalCliPath'), [
      'workflow',
      'start',
      '--address',
      inject('temporalAddress'),
      '--task-queue',
      h.taskQueue,
      '--type',
      'runHexProject',
      '--workflow-id',
      workflowId,
      '--input',
      input,
    ]);
    const { stdout } = await run(inject('temporalCliPath'), [
      'workflow',
      'result',
      '--address',
      inject('temporalAddress'),
      '--workflow-id',
      workflowId,
      '--output',
      'json',
    ]);

    const result = (await h.client.workflow.getHandle(workflowId).result()) as { status: string; runId: string };
    expect(result.status).toBe('COMPLETED');
    expect(stdout).toContain(result.runId);
    expect(h.sim.getRun(result.runId)?.inputParams).toEqual({ region: 'EU' });
  });

  it('keeps the token out of the workflow history', async () => {
    const handle = await h.startRun({ projectId: PROJECT });
    await handle.result();
    const history = await historyText(handle);
    expect(history).toContain(PROJECT);
    expect(history).not.toContain(SIM_TOKEN);
  });
});

describe('rejected token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      simulator: { projects: [{ projectId: PROJECT, title: 'Wrong token' }], tokens: ['some-other-token'] },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails on the first attempt with a 401 that names the fix', async () => {
    const handle = await h.startRun({ projectId: PROJECT });
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toContain('401');
    expect(message).toContain('Unauthorized');
    expect(message).toContain('HEX_API_TOKEN');
    expect(h.sim.stats().requests.total).toBe(1);
    const history = await historyText(handle);
    expect(history).not.toContain(SIM_TOKEN);
  });
});
