import type { HexRunResponse, HexRunStatusResponse } from '../hex/types.js';
import type { SimulatorContext } from './context.js';
import type { StoredRun } from './run-store.js';

/** Every simulated project is at its first published version. */
export const PROJECT_VERSION = 1;

/** Returns the run's page in the simulated Hex UI: `{publicUrl}/app/projects/{projectId}/runs/{runId}`. */
export function runUrl(context: SimulatorContext, projectId: string, runId: string): string {
  return `${context.publicUrl}/app/projects/${projectId}/runs/${runId}`;
}

export function runStatusUrl(context: SimulatorContext, projectId: string, runId: string): string {
  return `${context.baseUrl}/v1/projects/${projectId}/runs/${runId}`;
}

/** Builds the 201 body of `POST .../runs`. */
export function runResponse(
  context: SimulatorContext,
  projectId: string,
  runId: string,
  traceId: string
): HexRunResponse {
  return {
    projectId,
    runId,
    runUrl: runUrl(context, projectId, runId),
    runStatusUrl: runStatusUrl(context, projectId, runId),
    traceId,
    projectVersion: PROJECT_VERSION,
  };
}

/**
 * Builds a run status body. Times come from the real clock; `elapsedTime` is the real time spent RUNNING,
 * in milliseconds, and stays null until the run ends.
 */
export function runStatusResponse(context: SimulatorContext, run: StoredRun, traceId: string): HexRunStatusResponse {
  const { record } = run;
  return {
    projectId: record.projectId,
    projectVersion: PROJECT_VERSION,
    runId: record.runId,
    runUrl: runUrl(context, record.projectId, record.runId),
    status: record.status,
    startTime: record.startedAt === undefined ? null : new Date(record.startedAt).toISOString(),
    endTime: record.endedAt === undefined ? null : new Date(record.endedAt).toISOString(),
    elapsedTime: record.endedAt === undefined ? null : run.elapsedMs,
    traceId,
  };
}
