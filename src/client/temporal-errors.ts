// Turns errors from the Temporal client into messages that name the workflow or schedule, the server's reason and
// the next step. The SDK's own messages leave them out, as in `Failed to start Workflow`.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ServiceError } from '@temporalio/client';

// The server rejects a payload over its blob size limit ("Blob data size exceeds limit.", INVALID_ARGUMENT) and
// gRPC rejects a request over its message size limit ("received message larger than max", RESOURCE_EXHAUSTED).
const SIZE_LIMIT_MESSAGE = /size exceeds limit|larger than max/i;

/** Returns an error for a workflow start that failed, with the server's reason and, for oversized input, the fix. */
export function workflowStartError(error: unknown, workflowId: string, input: unknown): Error {
  if (!(error instanceof ServiceError)) return error instanceof Error ? error : new Error(String(error));
  // The server's message may end with a period, and this one goes on after it.
  const reason = (error.cause instanceof Error ? error.cause.message : error.message).replace(/\.+$/, '');
  let message = `Failed to start workflow ${workflowId}: ${reason}`;
  if (SIZE_LIMIT_MESSAGE.test(reason)) {
    const megabytes = (Buffer.byteLength(JSON.stringify(input)) / 1_000_000).toFixed(1);
    message +=
      `. The workflow input is ${megabytes} MB of JSON, more than the Temporal server accepts: make it smaller, ` +
      'and keep large data in Hex (a table or a file the project reads) and pass only its name or a date ' +
      'as a parameter';
  }
  return new Error(message, { cause: error });
}

/** Returns an error for a failed schedule request that names the schedule; others are returned as they are. */
export function scheduleError(error: unknown, scheduleId: string, namespace: string): unknown {
  if (error instanceof ScheduleNotFoundError) {
    return new Error(`Schedule ${scheduleId} not found in namespace ${namespace}: list them with \`schedule list\``, {
      cause: error,
    });
  }
  if (error instanceof ScheduleAlreadyRunning) {
    return new Error(
      `Schedule ${scheduleId} already exists in namespace ${namespace}: delete it first with ` +
        `\`schedule delete ${scheduleId}\`, or choose another schedule id`,
      { cause: error }
    );
  }
  if (error instanceof ServiceError && error.cause instanceof Error) {
    return new Error(`${error.message} ${scheduleId}: ${error.cause.message}`, { cause: error });
  }
  return error;
}
