// Worker entry (`npm start`): reads the environment, connects to Temporal and runs until SIGINT or SIGTERM, when
// it stops polling and gives in-flight activities WORKER_SHUTDOWN_GRACE to finish.
import { Runtime, type LogLevel } from '@temporalio/worker';
import { ConfigError, readWorkerConfig } from './worker/config.js';
import { connectToTemporal, createHexWorker } from './worker/create-worker.js';
import { ensureSearchAttributes } from './worker/search-attributes.js';
import { WorkerLogger } from './worker/worker-logger.js';

const LOG_LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

async function main(): Promise<void> {
  const config = readWorkerConfig();
  const level = (process.env.LOG_LEVEL?.trim().toUpperCase() || 'INFO') as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigError(
      `LOG_LEVEL=${JSON.stringify(process.env.LOG_LEVEL)} is invalid: use one of ${LOG_LEVELS.join(', ')}`
    );
  }
  Runtime.install({ logger: new WorkerLogger(level), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const log = Runtime.instance().logger;

  const connection = await connectToTemporal(config).catch((error: unknown) => {
    throw new ConfigError(
      `Could not connect to Temporal at ${config.temporalAddress} (${(error as Error).message}). ` +
        'Start a server (`temporal server start-dev`) or set TEMPORAL_ADDRESS.',
      { cause: error }
    );
  });
  try {
    const added = await ensureSearchAttributes(connection, config.namespace).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!/namespace/i.test(message) || !/not found/i.test(message)) throw error;
      throw new ConfigError(
        `Namespace ${config.namespace} was not found at ${config.temporalAddress}: create it ` +
          `(temporal operator namespace create --namespace ${config.namespace}) or set TEMPORAL_NAMESPACE.`,
        { cause: error }
      );
    });
    if (added.length > 0) log.info('Registered search attributes', { namespace: config.namespace, added });
    const worker = await createHexWorker(connection, config);
    log.info('Worker started', {
      temporalAddress: config.temporalAddress,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      hexBaseUrl: config.hexBaseUrl,
    });
    await worker.run();
    log.info('Worker stopped');
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Worker failed:', error);
  process.exit(1);
});
