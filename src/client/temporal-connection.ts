// Connection settings shared by the client commands: flags first, then the same environment as the worker.
import {
  Client,
  Connection,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { workflowStartError } from './temporal-errors.js';

export interface ConnectionFlags {
  address?: string;
  namespace?: string;
  taskQueue?: string;
  uiUrl?: string;
}

export interface ClientContext {
  client: Client;
  namespace: string;
  taskQueue: string;
  uiUrl: string;
  close(): Promise<void>;
}

export async function connectClient(flags: ConnectionFlags): Promise<ClientContext> {
  const address = flags.address ?? process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = flags.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const apiKey = process.env.TEMPORAL_API_KEY || undefined;
  const tls = apiKey !== undefined || ['true', '1'].includes(process.env.TEMPORAL_TLS ?? '');
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, tls, apiKey, connectTimeout: 5_000 });
  } catch (error) {
    throw new Error(
      `Could not connect to Temporal at ${address}: ${(error as Error).message}. ` +
        'Start a server (`temporal server start-dev`, or `npm run demo -- --keep-running`) or set TEMPORAL_ADDRESS.',
      { cause: error }
    );
  }
  return {
    client: new Client({ connection, namespace }),
    namespace,
    taskQueue: flags.taskQueue ?? process.env.HEX_TASK_QUEUE ?? 'hex-runs',
    uiUrl: (flags.uiUrl ?? process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233').replace(/\/+$/, ''),
    close: () => connection.close(),
  };
}

/** Link to a workflow's page in the Temporal Web UI. */
export function workflowUiLink(uiUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}

/** Prints a started workflow as JSON, for `run --json` and `pipeline --json` without `--wait`. */
export function printStarted(workflowId: string, runId: string, namespace: string, webUiUrl: string): void {
  console.log(JSON.stringify({ workflowId, runId, namespace, webUiUrl }, null, 2));
}

/**
 * Starts a workflow on the client's task queue with one input argument, and returns its handle and Web UI link.
 * A start the server rejects becomes an error that names the workflow id and the server's reason.
 */
export async function startWorkflowWithLink(
  ctx: ClientContext,
  workflowType: string,
  workflowId: string,
  input: unknown,
  options: Partial<WorkflowStartOptions> = {}
): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId; link: string }> {
  const handle = await ctx.client.workflow
    .start(workflowType, { ...options, taskQueue: ctx.taskQueue, workflowId, args: [input] })
    .catch((error: unknown) => {
      throw workflowStartError(error, workflowId, input);
    });
  return { handle, link: workflowUiLink(ctx.uiUrl, ctx.namespace, workflowId, handle.firstExecutionRunId) };
}
