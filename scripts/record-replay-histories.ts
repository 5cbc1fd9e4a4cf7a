// Records the workflow histories that test/replay.test.ts replays (`npx tsx scripts/record-replay-histories.ts`).
// Record again only on purpose: a replay failure after a workflow change means the change breaks running workflows.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer } from '../src/devserver/temporal-dev-server.js';
import { HexSimulator } from '../src/simulator/index.js';
import { createHexWorker } from '../src/worker/create-worker.js';
import { HEX_DEFAULT_LIMITS } from '../src/worker/hex-limits.js';

const PROJECT = 'f4000000-0000-4000-8000-000000000001';
const LONG_PROJECT = 'f4000000-0000-4000-8000-000000000002';
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

/** Saves a history in the temporal CLI's JSON form, which the SDK's replayer reads. */
function saveHistory(workflowId: string, name: string): void {
  const json = execFileSync(server.cliPath, [
    'workflow',
    'show',
    '--address',
    server.address,
    '--workflow-id',
    workflowId,
    '--output',
    'json',
  ]);
  writeFileSync(fixture(name), json);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const server = await startDevServer({ headless: true });
const sim = await HexSimulator.start({
  tokens: ['record-token'],
  rateLimits: false,
  projects: [
    { projectId: PROJECT, title: 'Recorded', outcomes: [{ status: 'COMPLETED', pendingMs: 200, runningMs: 800 }] },
    { projectId: LONG_PROJECT, title: 'Recorded long', outcomes: [{ status: 'COMPLETED', runningMs: 600_000 }] },
  ],
});
const native = await NativeConnection.connect({ address: server.address });
const workers = await createHexWorker(native, {
  taskQueue: 'record',
  namespace: 'default',
  hexBaseUrl: sim.baseUrl,
  hexToken: 'record-token',
  pollIntervalMs: 200,
  maxPollIntervalMs: 400,
  pollBackoffCoefficient: 1.5,
  rateLimitDelayMs: 500,
  requestTimeoutMs: 2000,
  shutdownGraceMs: 1000,
  limits: {
    ...HEX_DEFAULT_LIMITS,
    runRequestsPerMinute: 600,
    otherRequestsPerMinute: 6000,
    semaphoreWorkflowId: 'record-semaphore',
  },
});
const running = workers.run();
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });

// A completed run whose status requests meet a 500 and a 429 on the way.
sim.injectFault({ route: 'getRunStatus', kind: 'status', status: 500 });
sim.injectFault({ route: 'getRunStatus', kind: 'rateLimit', retryAfterSeconds: 1, after: 1 });
const completed = await client.workflow.start('runHexProject', {
  taskQueue: 'record',
  workflowId: 'replay-completed',
  args: [{ projectId: PROJECT, inputParams: { region: 'EMEA' } }],
});
await completed.result();
saveHistory('replay-completed', 'run-hex-project-completed.json');

// A run cancelled while it runs, so that the history contains the cleanup path.
const cancelled = await client.workflow.start('runHexProject', {
  taskQueue: 'record',
  workflowId: 'replay-cancelled',
  args: [{ projectId: LONG_PROJECT }],
});
while ((await cancelled.query<{ status: string }>('progress')).status !== 'RUNNING') {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await cancelled.cancel();
await cancelled.result().catch(() => undefined);
saveHistory('replay-cancelled', 'run-hex-project-cancelled.json');

workers.shutdown();
await running;
await connection.close();
await native.close();
await sim.close();
await server.stop();
console.log('Recorded test/fixtures/run-hex-project-completed.json and run-hex-project-cancelled.json');
