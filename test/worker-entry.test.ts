// The worker entry (`npm start`) as a user runs it: a separate process configured by the environment.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HexSimulator } from '../src/simulator/index.js';
import type { runHexProject } from '../src/workflows/index.js';

const entry = fileURLToPath(new URL('../src/worker.ts', import.meta.url));
const TOKEN = `entry-token-${randomUUID()}`;
const PROJECT = 'f3000000-0000-4000-8000-000000000001';

interface Finished {
  code: number | null;
  output: string;
}

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'INFO', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  const outputContains = async (text: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`worker never printed "${text}":\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { child, finished, outputContains, output: () => output };
}

describe('worker entry', () => {
  let sim: HexSimulator;
  beforeAll(async () => {
    sim = await HexSimulator.start({
      tokens: [TOKEN],
      rateLimits: false,
      projects: [{ projectId: PROJECT, title: 'Entry', outcomes: [{ status: 'COMPLETED', runningMs: 300 }] }],
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('runs a workflow and stops cleanly on SIGTERM', async () => {
    const taskQueue = `entry-${randomUUID()}`;
    const worker = startWorker({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      HEX_TASK_QUEUE: taskQueue,
      HEX_API_BASE_URL: sim.baseUrl,
      HEX_API_TOKEN: TOKEN,
      HEX_POLL_INTERVAL: '200ms',
      HEX_SEMAPHORE_ID: `semaphore-${taskQueue}`,
    });
    try {
      await worker.outputContains('Worker started');
      const connection = await Connection.connect({ address: inject('temporalAddress') });
      const client = new Client({ connection });
      const result = await client.workflow.execute<typeof runHexProject>('runHexProject', {
        taskQueue,
        workflowId: `entry-${randomUUID()}`,
        args: [{ projectId: PROJECT }],
      });
      await connection.close();
      expect(result.status).toBe('COMPLETED');
    } finally {
      worker.child.kill('SIGTERM');
    }
    const { code, output } = await worker.finished;
    expect(code).toBe(0);
    expect(output).toContain('Worker stopped');
    expect(output).toContain('Started Hex run');
    expect(output).not.toContain('No workflows registered');
    expect(output).not.toContain(TOKEN);
  });

  it('exits 1 and names every invalid variable', async () => {
    const worker = startWorker({
      HEX_POLL_INTERVAL: 'often',
      HEX_KERNEL_LIMIT: '-3',
      HEX_API_BASE_URL: 'ftp://x',
      HEX_REQUEST_TIMEOUT: '25d',
    });
    const { code, output } = await worker.finished;
    expect(code).toBe(1);
    expect(output).toContain('HEX_API_TOKEN is missing');
    expect(output).toContain('HEX_REQUEST_TIMEOUT="25d" is not a duration from 1 ms to 24 hours');
    expect(output).toContain('HEX_POLL_INTERVAL="often"');
    expect(output).toContain('HEX_KERNEL_LIMIT="-3"');
    expect(output).toContain('HEX_API_BASE_URL');
  });

  it('rejects a token that cannot be sent, without printing it', async () => {
    const { code, output } = await startWorker({ HEX_API_TOKEN: 'tok\u00e9n-secret' }).finished;
    expect(code).toBe(1);
    expect(output).toContain('HEX_API_TOKEN contains a space, quote mark or non-ASCII character');
    expect(output).not.toContain('secret');
  });

  it('names a log level or namespace that does not exist', async () => {
    const common = { TEMPORAL_ADDRESS: inject('temporalAddress'), HEX_API_TOKEN: TOKEN };
    const badLevel = await startWorker({ ...common, LOG_LEVEL: 'verbose' }).finished;
    expect(badLevel.code).toBe(1);
    expect(badLevel.output).toContain('LOG_LEVEL="verbose" is invalid');

    const badNamespace = await startWorker({ ...common, TEMPORAL_NAMESPACE: 'no-such-namespace' }).finished;
    expect(badNamespace.code).toBe(1);
    expect(badNamespace.output).toContain('Namespace no-such-namespace was not found');
  });
});
