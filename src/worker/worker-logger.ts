// The worker's logger: the SDK's default format, without the start-up warning of the two activity-only workers.
import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';

/** The message the SDK logs for a worker without workflows; expected here for the Hex API task queues. */
const NO_WORKFLOWS_MESSAGE = 'No workflows registered';

export class WorkerLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const taskQueue = typeof meta?.taskQueue === 'string' ? meta.taskQueue : '';
    const apiQueue = taskQueue.endsWith('-hex-run-requests') || taskQueue.endsWith('-hex-other-requests');
    if (apiQueue && message.startsWith(NO_WORKFLOWS_MESSAGE)) return;
    super.log(level, message, meta);
  }
}
