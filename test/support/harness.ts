// A simulator, a worker on a task queue of its own, and a client, all against the shared dev server.
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { inject } from 'vitest';
import { createHexWorker, type HexWorkerGroup, type HexWorkerSettings } from '../../src/worker/create-worker.js';
import { HEX_DEFAULT_LIMITS } from '../../src/worker/hex-limits.js';
import { HexSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { RunHexProjectInput, RunHexProjectResult } from '../../src/workflows/run-hex-project-types.js';

export const SIM_TOKEN = 'sim-token-3f9c2e7a-never-in-history';

let runtimeInstalled = false;

export interface Harness {
  sim: HexSimulator;
  /** Stops this process's workers (in-flight activities finish) and starts new ones on the same task queues. */
  restartWorker(): Promise<void>;
  client: Client;
  taskQueue: string;
  settings: HexWorkerSettings;
  startRun(input: RunHexProjectInput, workflowId?: string): Promise<WorkflowHandle>;
  run(input: RunHexProjectInput): Promise<RunHexProjectResult>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    simulator?: SimulatorOptions;
    settings?: Partial<Omit<HexWorkerSettings, 'limits'>> & { limits?: Partial<HexWorkerSettings['limits']> };
  } = {}
): Promise<Harness> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as 'WARN') ?? 'WARN') });
    runtimeInstalled = true;
  }
  const address = inject('temporalAddress');
  // Hex's rate limits are off unless a test turns them on, so that fast polling in tests meets no 429.
  const sim = await HexSimulator.start({ tokens: [SIM_TOKEN], rateLimits: false, ...options.simulator });
  const taskQueue = `test-${randomUUID()}`;
  const settings: HexWorkerSettings = {
    taskQueue,
    namespace: 'default',
    hexBaseUrl: sim.baseUrl,
    hexToken: SIM_TOKEN,
    pollIntervalMs: 100,
    maxPollIntervalMs: 200,
    pollBackoffCoefficient: 1,
    rateLimitDelayMs: 500,
    requestTimeoutMs: 2_000,
    shutdownGraceMs: 2_000,
    ...options.settings,
    // Hex's limits, but with request rates high enough for fast polling; a test of the limits sets its own.
    limits: {
      ...HEX_DEFAULT_LIMITS,
      runRequestsPerMinute: 600,
      runRequestsPerHour: 36_000,
      otherRequestsPerMinute: 6_000,
      semaphoreWorkflowId: `semaphore-${taskQueue}`,
      holderCheckIntervalMs: 1_000,
      ...options.settings?.limits,
    },
  };
  const nativeConnection = await NativeConnection.connect({ address });
  const startWorker = async () => {
    const group: HexWorkerGroup = await createHexWorker(nativeConnection, settings, {
      workflowBundle: { codePath: inject('workflowBundlePath') },
      workflowsPath: undefined,
      // After a restart, tasks bound for the old worker's sticky queue wait this long before any worker gets them.
      stickyQueueScheduleToStartTimeout: '1s',
    });
    return { group, running: group.run() };
  };
  let worker = await startWorker();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });

  const startRun = (input: RunHexProjectInput, workflowId = `run-${randomUUID()}`) =>
    client.workflow.start('runHexProject', { taskQueue, workflowId, args: [input] });

  return {
    sim,
    client,
    taskQueue,
    settings,
    startRun,
    run: async (input) => (await startRun(input)).result() as Promise<RunHexProjectResult>,
    restartWorker: async () => {
      worker.group.shutdown();
      await worker.running;
      worker = await startWorker();
    },
    close: async () => {
      worker.group.shutdown();
      await worker.running;
      await connection.close();
      await nativeConnection.close();
      await sim.close();
    },
  };
}
