// `run <projectId>`: starts runHexProject and, with --wait, follows it until the Hex run ends.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { checkRunHexProjectInput } from '../workflows/run-hex-project-input.js';
import {
  progressQuery,
  type RunHexProjectInput,
  type RunHexProjectResult,
} from '../workflows/run-hex-project-types.js';
import { formatElapsed, ProgressLine } from './progress-line.js';
import { connectClient, printStarted, startWorkflowWithLink, type ConnectionFlags } from './temporal-connection.js';

export interface RunFlags extends ConnectionFlags {
  param: string[];
  paramsFile?: string;
  viewId?: string;
  dryRun?: boolean;
  updatePublishedResults?: boolean;
  cachedSql: boolean;
  waitLimit?: string;
  killOnTimeout: boolean;
  pollInterval?: string;
  workflowId?: string;
  wait?: boolean;
  json?: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads `name=value`; a value that parses as JSON (42, true, ["a"]) is used as such, anything else as a string. */
export function parseParam(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--param ${JSON.stringify(text)} must look like name=value`);
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a plain string
  }
  return [text.slice(0, at), value];
}

export function buildRunInput(projectId: string, flags: RunFlags): RunHexProjectInput {
  let inputParams: Record<string, unknown> | undefined;
  if (flags.paramsFile) {
    try {
      inputParams = JSON.parse(readFileSync(flags.paramsFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--params-file ${flags.paramsFile}: ${(error as Error).message}`);
    }
  }
  for (const text of flags.param) {
    const [name, value] = parseParam(text);
    inputParams = { ...inputParams, [name]: value };
  }
  const input: RunHexProjectInput = { projectId };
  if (inputParams !== undefined) input.inputParams = inputParams;
  if (flags.viewId !== undefined) input.viewId = flags.viewId;
  if (flags.dryRun) input.dryRun = true;
  if (flags.updatePublishedResults) input.updatePublishedResults = true;
  if (!flags.cachedSql) input.useCachedSqlResults = false;
  if (flags.waitLimit !== undefined) input.waitLimit = flags.waitLimit;
  if (!flags.killOnTimeout) input.killOnTimeout = false;
  if (flags.pollInterval !== undefined) input.pollInterval = flags.pollInterval;
  // The workflow checks again; checking here stops a bad command before a workflow exists.
  try {
    checkRunHexProjectInput(input, 'run');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return input;
}

export async function runCommand(projectId: string, flags: RunFlags): Promise<number> {
  const input = buildRunInput(projectId, flags);
  const ctx = await connectClient(flags);
  try {
    const workflowId = flags.workflowId ?? `hex-run-${projectId.slice(0, 8)}-${randomUUID().slice(0, 8)}`;
    const { handle, link } = await startWorkflowWithLink(ctx, 'runHexProject', workflowId, input);
    if (!flags.wait && flags.json) {
      printStarted(workflowId, handle.firstExecutionRunId, ctx.namespace, link);
      return 0;
    }
    if (!flags.wait) {
      console.log(`Started workflow ${workflowId}`);
      console.log(`Temporal Web UI: ${link}`);
      console.log(`Follow it: temporal workflow describe --workflow-id ${workflowId}`);
      return 0;
    }
    console.error(`Started workflow ${workflowId} (${link})`);
    return await followRun(handle, link, flags.json ?? false);
  } finally {
    await ctx.close();
  }
}

/** Shows progress on one line until the workflow ends, then prints the result; returns the exit code. */
export async function followRun(handle: WorkflowHandle, link: string, json: boolean): Promise<number> {
  const line = new ProgressLine();
  const timer = setInterval(() => {
    handle
      .query(progressQuery)
      .then((p) => {
        const run = p.runUrl ? `  ${p.runUrl}` : '';
        // The query's elapsedMs stops between workflow tasks, so the elapsed time comes from this machine's clock.
        const elapsedMs = p.startedAt ? Date.now() - Date.parse(p.startedAt) : p.elapsedMs;
        line.update(`${p.status.padEnd(10)} ${formatElapsed(elapsedMs)}  polls: ${p.polls}${run}`);
      })
      .catch(() => undefined); // the next tick tries again; the result below is what counts
  }, 1000);
  try {
    const result = (await handle.result()) as RunHexProjectResult;
    line.finish();
    if (json) console.log(JSON.stringify(result, null, 2));
    else printResult(result, link);
    return result.status === 'COMPLETED' || result.status === 'DRY_RUN' ? 0 : 1;
  } catch (error) {
    line.finish();
    const cause = error instanceof WorkflowFailedError ? error.cause : error;
    console.error(`Run failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    console.error(`Temporal Web UI: ${link}`);
    return 1;
  } finally {
    clearInterval(timer);
  }
}

function printResult(result: RunHexProjectResult, link: string): void {
  const elapsed = result.elapsedTime === null ? 'unknown' : formatElapsed(result.elapsedTime);
  console.log(`${result.status}  project ${result.projectId}  run ${result.runId}`);
  console.log(`  elapsed:         ${elapsed} (Hex)`);
  console.log(`  project version: ${String(result.projectVersion)}`);
  console.log(`  Hex run:         ${result.runUrl}`);
  console.log(`  Temporal Web UI: ${link}`);
}
