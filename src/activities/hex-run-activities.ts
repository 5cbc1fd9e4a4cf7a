// Activities that start, wait for and cancel one Hex run. Each makes Hex API calls and lets Temporal's
// retry policy repeat it: the wait activity fails with a benign "still running" failure until the run ends.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { activityInfo, cancellationSignal, getClient, heartbeat, log } from '@temporalio/activity';
import type { HexClient } from '../hex/client.js';
import { HexApiError } from '../hex/errors.js';
import { checkProjectId, checkRunOptions } from '../hex/run-options.js';
import { isTerminalStatus, type HexRunRequestBody, type HexRunStatusResponse } from '../hex/types.js';
import { hexRunPolledSignal, type HexRunPollReport } from '../workflows/run-hex-project-types.js';
import { toActivityFailure } from './failures.js';
import { findRunStartedByLostRequest, type StartProgress } from './run-reattach.js';

export interface PollPolicy {
  /** First interval between status requests, in milliseconds. */
  intervalMs: number;
  /** Maximum interval, in milliseconds. */
  maxIntervalMs: number;
  /** Growth of the interval per poll; 1 keeps it constant. */
  backoffCoefficient: number;
}

export interface HexActivityDependencies {
  hex: HexClient;
  poll: PollPolicy;
  /** Wait after a 429 without Retry-After, in milliseconds. */
  rateLimitDelayMs?: number;
  /** Sends each poll's outcome to the workflow; defaults to a Temporal signal through the worker's client. */
  reportPoll?: (workflowId: string, report: HexRunPollReport) => Promise<void>;
}

export interface StartHexRunInput {
  projectId: string;
  options: HexRunRequestBody;
  /** The project's run ids before this request (from listHexRunIds), so that a retry can find a run a lost request started. */
  knownRunIds?: string[];
}

export interface StartedHexRun {
  projectId: string;
  runId: string;
  runUrl: string;
  projectVersion: number | string;
  traceId: string;
  /** True when an earlier attempt's request had started this run and this attempt found it instead of posting again. */
  reattached: boolean;
}

export interface HexRunRef {
  projectId: string;
  runId: string;
}

export interface WaitForHexRunInput extends HexRunRef {
  /** Overrides of the worker's poll policy, in milliseconds. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

export const STILL_RUNNING_FAILURE_TYPE = 'HexRunStillRunning';

/** How often an unchanged status is reported to the workflow, in milliseconds. */
const REPORT_UNCHANGED_EVERY_MS = 60_000;

/** Heartbeat details of the wait activity: what it last reported to the workflow. */
interface LastPollReport {
  status?: string;
  reportedAt?: number;
}

export function createHexRunActivities(deps: HexActivityDependencies) {
  const rateLimitDelayMs = deps.rateLimitDelayMs;
  const reportPoll = deps.reportPoll ?? signalWorkflow;

  async function startHexRun(input: StartHexRunInput): Promise<StartedHexRun> {
    const problems = [checkProjectId(input.projectId), ...checkRunOptions(input.options)].filter(Boolean);
    if (problems.length > 0) {
      throw ApplicationFailure.nonRetryable(`Invalid run request: ${problems.join('; ')}`, 'InvalidRunOptions');
    }
    const signal = cancellationSignal();
    const previous = (activityInfo().heartbeatDetails ?? {}) as StartProgress;
    try {
      if (previous.startedRun) return { ...previous.startedRun, reattached: true };
      if (previous.postSent && previous.knownRunIds) {
        const found = await findRunStartedByLostRequest(
          deps.hex,
          input.projectId,
          previous.knownRunIds,
          signal,
          isRunClaimed
        );
        if (found) {
          log.warn('Found the run started by an earlier attempt whose response was lost; not starting another', {
            projectId: input.projectId,
            runId: found.runId,
          });
          return { ...found, reattached: true };
        }
      }

      const knownRunIds = input.knownRunIds;
      heartbeat({ knownRunIds, postSent: true } satisfies StartProgress);

      let response;
      try {
        response = await deps.hex.runProject(input.projectId, input.options, { signal });
      } catch (error) {
        if (error instanceof HexApiError && !error.mayHaveStartedRun) {
          heartbeat({ knownRunIds, postSent: false } satisfies StartProgress);
        }
        throw error;
      }
      const started: Omit<StartedHexRun, 'reattached'> = {
        projectId: response.projectId,
        runId: response.runId,
        runUrl: response.runUrl,
        projectVersion: response.projectVersion,
        traceId: response.traceId,
      };
      rememberStartedRun(started.runId);
      heartbeat({ startedRun: started } satisfies StartProgress);
      log.info('Started Hex run', { projectId: started.projectId, runId: started.runId, runUrl: started.runUrl });
      return { ...started, reattached: false };
    } catch (error) {
      throw toActivityFailure(error, rateLimitDelayMs);
    }
  }

  /** Lists the project's newest run ids, taken before a run request so that a lost response can be recognized. */
  async function listHexRunIds(input: { projectId: string }): Promise<string[]> {
    try {
      const page = await deps.hex.listRuns(input.projectId, { limit: 100 }, { signal: cancellationSignal() });
      return page.runs.map((run) => run.runId);
    } catch (error) {
      throw toActivityFailure(error, rateLimitDelayMs);
    }
  }

  async function waitForHexRun(input: WaitForHexRunInput): Promise<HexRunStatusResponse> {
    const info = activityInfo();
    const pollDelayMs = nextPollDelay(info.attempt, {
      intervalMs: input.pollIntervalMs ?? deps.poll.intervalMs,
      maxIntervalMs: input.maxPollIntervalMs ?? deps.poll.maxIntervalMs,
      backoffCoefficient: deps.poll.backoffCoefficient,
    });
    let status: HexRunStatusResponse;
    try {
      status = await deps.hex.getRunStatus(input.projectId, input.runId, { signal: cancellationSignal() });
    } catch (error) {
      // A failed status request is just a missed poll: the next one comes at the usual time.
      throw toActivityFailure(error, rateLimitDelayMs, pollDelayMs);
    }

    const workflowId = info.workflowExecution?.workflowId;
    // Each report is a signal, and so a few events in the workflow's history: report a new status at once, but an
    // unchanged one at most once a minute. The last report is kept in heartbeat details across attempts.
    const last = (info.heartbeatDetails ?? {}) as LastPollReport;
    const now = Date.now();
    const changed = last.status !== status.status || isTerminalStatus(status.status);
    if (workflowId && (changed || now - (last.reportedAt ?? 0) >= REPORT_UNCHANGED_EVERY_MS)) {
      const report: HexRunPollReport = {
        runId: input.runId,
        status: status.status,
        attempt: info.attempt,
        elapsedTime: status.elapsedTime ?? null,
        polledAt: new Date().toISOString(),
      };
      // Progress is informative only: a failed report must not fail or delay the poll.
      await reportPoll(workflowId, report).catch((error: unknown) => {
        log.warn('Could not report poll progress to the workflow', { workflowId, error: String(error) });
      });
      heartbeat({ status: status.status, reportedAt: now } satisfies LastPollReport);
    }

    if (isTerminalStatus(status.status)) return status;
    throw ApplicationFailure.create({
      message: `Hex run ${input.runId} is ${status.status}`,
      type: STILL_RUNNING_FAILURE_TYPE,
      category: ApplicationFailureCategory.BENIGN,
      details: [{ status: status.status }],
      nextRetryDelay: pollDelayMs,
    });
  }

  /** Cancels a run, then reads its status. A run that Hex reports as not found is logged and treated as gone. */
  async function cancelHexRun(input: HexRunRef): Promise<HexRunStatusResponse | null> {
    const signal = cancellationSignal();
    try {
      await deps.hex.cancelRun(input.projectId, input.runId, { signal });
      log.info('Cancelled Hex run', { projectId: input.projectId, runId: input.runId });
      return await deps.hex.getRunStatus(input.projectId, input.runId, { signal });
    } catch (error) {
      if (error instanceof HexApiError && error.statusCode === 404) {
        log.warn('Hex run to cancel was not found', { projectId: input.projectId, runId: input.runId });
        return null;
      }
      throw toActivityFailure(error, rateLimitDelayMs);
    }
  }

  return { listHexRunIds, startHexRun, waitForHexRun, cancelHexRun };
}

/** Run ids this worker process started, newest last, so that a reattaching start never takes one of them. */
const runsStartedHere = new Set<string>();
const MAX_REMEMBERED_RUNS = 10_000;

function rememberStartedRun(runId: string): void {
  runsStartedHere.add(runId);
  if (runsStartedHere.size > MAX_REMEMBERED_RUNS) {
    const oldest = runsStartedHere.values().next().value;
    if (oldest !== undefined) runsStartedHere.delete(oldest);
  }
}

/** Checks whether a run belongs to another workflow: started by this process, or recorded as a workflow's HexRunId. */
async function isRunClaimed(runId: string): Promise<boolean> {
  if (runsStartedHere.has(runId)) return true;
  const { count } = await getClient().workflow.count(`HexRunId = "${runId}"`);
  return count > 0;
}

/** Delay before poll number `attempt + 1`: the interval grown by the coefficient, capped at the maximum. */
export function nextPollDelay(attempt: number, policy: PollPolicy): number {
  const grown = policy.intervalMs * Math.pow(policy.backoffCoefficient, Math.max(0, attempt - 1));
  const cap = Math.max(policy.maxIntervalMs, policy.intervalMs);
  return Math.round(Math.min(cap, Math.max(policy.intervalMs, grown)));
}

async function signalWorkflow(workflowId: string, report: HexRunPollReport): Promise<void> {
  await getClient().workflow.getHandle(workflowId).signal(hexRunPolledSignal, report);
}
