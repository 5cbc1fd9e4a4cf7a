// Finding a run that an earlier attempt started. Hex has no idempotency key, so a run request whose response was
// lost (timeout, reset, worker crash) may or may not have started a run. Posting again could start a second one.
import { log } from '@temporalio/activity';
import type { HexClient } from '../hex/client.js';
import type { StartedHexRun } from './hex-run-activities.js';

/** Heartbeat details of the start activity, read back by its next attempt. */
export interface StartProgress {
  /** The run ids that the project's run list held before the run request. */
  knownRunIds?: string[];
  /** Whether a run request was sent whose outcome is unknown. */
  postSent?: boolean;
  /** The run that this activity started, recorded before the activity completes. */
  startedRun?: Omit<StartedHexRun, 'reattached'>;
}

/**
 * Looks for a run that is in the project's run list now but was not before the lost request. Returns the newest
 * such run, or undefined when there is none, in which case no run was started and posting again is safe.
 */
export async function findRunStartedByLostRequest(
  hex: HexClient,
  projectId: string,
  knownRunIds: string[],
  signal: AbortSignal,
  /** Whether another workflow already owns the run: one of this worker's or one recorded in Temporal. */
  isClaimed: (runId: string) => Promise<boolean>
): Promise<Omit<StartedHexRun, 'reattached'> | undefined> {
  const known = new Set(knownRunIds);
  const { runs } = await hex.listRuns(projectId, { limit: 100 }, { signal });
  const unknown = runs.filter((run) => !known.has(run.runId) && (run.runTrigger ?? 'API') === 'API');
  // Runs that other workflows started in the meantime, such as a parallel pipeline step of the same project, are theirs.
  // NOTE: a run that another client outside Temporal started in the same seconds still looks like ours.
  const claimed = await Promise.all(unknown.map((run) => isClaimed(run.runId)));
  const candidates = unknown.filter((_run, index) => !claimed[index]);
  const newest = candidates[0];
  if (!newest) return undefined;
  if (candidates.length > 1) {
    log.warn('Several new runs appeared after a lost run request; taking the newest', {
      projectId,
      runIds: candidates.map((run) => run.runId),
    });
  }
  return {
    projectId,
    runId: newest.runId,
    runUrl: newest.runUrl,
    projectVersion: newest.projectVersion,
    traceId: newest.traceId,
  };
}
