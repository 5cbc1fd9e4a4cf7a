// Builds a worker that runs the Hex workflows and activities; used by the worker entry, the demo and the tests.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createHexRunActivities } from '../activities/index.js';
import { HexClient } from '../hex/client.js';
import type { WorkerConfig } from './config.js';

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
>;

export async function createHexWorker(
  connection: NativeConnection,
  settings: HexWorkerSettings,
  extra: Partial<WorkerOptions> = {}
): Promise<Worker> {
  const hex = new HexClient({
    baseUrl: settings.hexBaseUrl,
    token: settings.hexToken,
    timeoutMs: settings.requestTimeoutMs,
  });
  const activities = createHexRunActivities({
    hex,
    poll: {
      intervalMs: settings.pollIntervalMs,
      maxIntervalMs: settings.maxPollIntervalMs,
      backoffCoefficient: settings.pollBackoffCoefficient,
    },
    rateLimitDelayMs: settings.rateLimitDelayMs,
  });
  return Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowsPath,
    activities,
    shutdownGraceTime: settings.shutdownGraceMs,
    ...extra,
  });
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
