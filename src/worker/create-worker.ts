// Builds the workers of one process: one for the workflows and two for the Hex API activities, on task queues whose
// server-side rate limits match Hex's limits. Used by the worker entry, the demo, the benchmark and the tests.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createHexRunActivities, createKernelPermitActivities } from '../activities/index.js';
import { HexClient } from '../hex/client.js';
import { hexTaskQueues } from '../workflows/task-queues.js';
import type { WorkerConfig } from './config.js';
import { admissionLimits, taskQueueRates, type HexLimitSettings } from './hex-limits.js';

/** The workflows' entry file; the SDK bundles it, from source under tsx and vitest or from lib/ when compiled. */
export const workflowsPath = fileURLToPath(
  new URL(`../workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
);

export type HexWorkerSettings = Pick<
  WorkerConfig,
  | 'taskQueue'
  | 'namespace'
  | 'hexBaseUrl'
  | 'hexToken'
  | 'pollIntervalMs'
  | 'maxPollIntervalMs'
  | 'pollBackoffCoefficient'
  | 'rateLimitDelayMs'
  | 'requestTimeoutMs'
  | 'shutdownGraceMs'
> & { limits: HexLimitSettings };

/** The workers of one process, run and stopped together. */
export class HexWorkerGroup {
  constructor(readonly workers: Worker[]) {}

  /** Runs every worker until all stop; when one fails, the others are shut down too. */
  async run(): Promise<void> {
    const runs = this.workers.map((worker) =>
      worker.run().catch((error: unknown) => {
        this.shutdown();
        throw error;
      })
    );
    await Promise.all(runs);
  }

  /** Stops polling; in-flight activities get the shutdown grace time to finish. */
  shutdown(): void {
    for (const worker of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }
}

export async function createHexWorker(
  connection: NativeConnection,
  settings: HexWorkerSettings,
  extra: Partial<WorkerOptions> = {}
): Promise<HexWorkerGroup> {
  const hex = new HexClient({
    baseUrl: settings.hexBaseUrl,
    token: settings.hexToken,
    timeoutMs: settings.requestTimeoutMs,
  });
  const activities = {
    ...createHexRunActivities({
      hex,
      poll: {
        intervalMs: settings.pollIntervalMs,
        maxIntervalMs: settings.maxPollIntervalMs,
        backoffCoefficient: settings.pollBackoffCoefficient,
      },
      rateLimitDelayMs: settings.rateLimitDelayMs,
    }),
    ...createKernelPermitActivities({
      semaphoreWorkflowId: settings.limits.semaphoreWorkflowId,
      limits: admissionLimits(settings.limits),
    }),
  };
  const queues = hexTaskQueues(settings.taskQueue);
  const rates = taskQueueRates(settings.limits);
  const common = { connection, namespace: settings.namespace, activities, shutdownGraceTime: settings.shutdownGraceMs };

  const workers = await Promise.all([
    Worker.create({ ...common, taskQueue: queues.workflows, workflowsPath, ...extra }),
    Worker.create({
      ...common,
      taskQueue: queues.runRequests,
      maxTaskQueueActivitiesPerSecond: rates.runRequests,
    }),
    Worker.create({
      ...common,
      taskQueue: queues.otherRequests,
      maxTaskQueueActivitiesPerSecond: rates.otherRequests,
    }),
  ]);
  return new HexWorkerGroup(workers);
}

export async function connectToTemporal(
  config: Pick<WorkerConfig, 'temporalAddress' | 'temporalApiKey' | 'temporalTls'>
) {
  return NativeConnection.connect({
    address: config.temporalAddress,
    tls: config.temporalTls || config.temporalApiKey !== undefined,
    apiKey: config.temporalApiKey,
  });
}
