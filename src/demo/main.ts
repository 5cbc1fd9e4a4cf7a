// `npm run demo`: a Temporal dev server with its Web UI, the Hex API simulator with sample projects, and a worker,
// all in this process tree on loopback; runs one sample project through runHexProject and prints the result.
// With --keep-running everything stays up until Ctrl-C, so more runs can be started from the Temporal CLI.
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { followRun } from '../client/run-command.js';
import { workflowUiLink } from '../client/temporal-connection.js';
import { freePort, startDevServer } from '../devserver/temporal-dev-server.js';
import { HexSimulator, sampleProjects } from '../simulator/index.js';
import { createHexWorker } from '../worker/create-worker.js';
import { HEX_DEFAULT_LIMITS } from '../worker/hex-limits.js';

const DEMO_TOKEN = 'demo-simulator-token';
const DEMO_PROJECT = '11111111-1111-4111-8111-111111111111'; // "Daily revenue" in the simulator's samples
const TASK_QUEUE = 'hex-runs';

async function portOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => void freePort().then(resolve));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'keep-running': { type: 'boolean', default: false },
      project: { type: 'string', default: DEMO_PROJECT },
    },
  });
  // ERROR hides the SDK's start-up warning that the two activity-only workers poll no workflows.
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });

  console.log('Starting the Temporal dev server (the temporal CLI is installed into .tools/ on first use)...');
  const server = await startDevServer({ port: await portOr(7233), uiPort: await portOr(8233) });
  const sim = await HexSimulator.start({
    port: await portOr(8765),
    tokens: [DEMO_TOKEN],
    projects: sampleProjects,
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await createHexWorker(nativeConnection, {
    taskQueue: TASK_QUEUE,
    namespace: 'default',
    hexBaseUrl: sim.baseUrl,
    hexToken: DEMO_TOKEN,
    pollIntervalMs: 1000,
    maxPollIntervalMs: 5000,
    pollBackoffCoefficient: 1.5,
    rateLimitDelayMs: 5000,
    requestTimeoutMs: 10_000,
    shutdownGraceMs: 5000,
    limits: { ...HEX_DEFAULT_LIMITS, semaphoreWorkflowId: 'hex-kernel-semaphore-demo' },
  });
  const workerRun = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  console.log(`Temporal:      ${server.address}   Web UI: ${server.uiUrl ?? '(headless)'}`);
  console.log(`Hex simulator: ${sim.baseUrl}   (${sampleProjects.length} sample projects)`);
  console.log(`Worker:        task queue ${TASK_QUEUE}\n`);

  const workflowId = `demo-${Date.now()}`;
  const handle = await client.workflow.start('runHexProject', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ projectId: values.project, inputParams: { region: 'EMEA', days: 7 } }],
  });
  const link = workflowUiLink(server.uiUrl ?? '', 'default', workflowId, handle.firstExecutionRunId);
  console.log(`Running project ${values.project} as workflow ${workflowId}`);
  const code = await followRun(handle, link, false);

  const shutdown = async () => {
    worker.shutdown();
    await workerRun;
    await connection.close();
    await nativeConnection.close();
    await sim.close();
    await server.stop();
  };

  if (!values['keep-running']) {
    await shutdown();
    return code;
  }

  console.log('\nEverything keeps running; press Ctrl-C to stop. Try:');
  console.log(`  ${server.cliPath} workflow start --address ${server.address} --task-queue ${TASK_QUEUE} \\`);
  console.log(`    --type runHexProject --input '{"projectId": "55555555-5555-4555-8555-555555555555"}'`);
  console.log(
    `  TEMPORAL_ADDRESS=${server.address} TEMPORAL_UI_URL=${server.uiUrl ?? ''} npm run client -- run ${DEMO_PROJECT} --param region=APAC --wait`
  );
  console.log('Sample projects:');
  for (const project of sampleProjects) console.log(`  ${project.projectId}  ${project.title}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping...');
  await shutdown();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Demo failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  }
);
