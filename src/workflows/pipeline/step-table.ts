// The state of every step of a pipeline run: which steps may start, which are skipped, and what each Hex run did.
// Plain data with no Temporal calls, so the query returns the same objects the workflow updates.
import type { HexRunStartedReport, RunHexProjectResult } from '../run-hex-project-types.js';
import type { CheckedStep } from './input.js';
import type { PipelineStepState } from './types.js';

const ENDED = ['completed', 'failed', 'skipped', 'cancelled'];

/** A step's failure as the table records it: cancelled or not, the reason, and the latest Hex run if known. */
export interface StepFailure {
  cancelled: boolean;
  reason: string;
  run?: Partial<Pick<RunHexProjectResult, 'runId' | 'runUrl' | 'status' | 'startTime' | 'endTime'>>;
}

export class StepTable {
  /** Steps in input order. */
  readonly states: PipelineStepState[];
  readonly #byName = new Map<string, PipelineStepState>();

  constructor(steps: readonly CheckedStep[], workflowIdOf: (stepName: string) => string) {
    this.states = steps.map((step) => ({
      name: step.name,
      projectId: step.runInput.projectId,
      status: 'waiting',
      dependsOn: step.dependsOn,
      workflowId: workflowIdOf(step.name),
      runs: 0,
    }));
    for (const state of this.states) this.#byName.set(state.name, state);
  }

  /** Waiting steps whose dependencies all completed. */
  ready(): PipelineStepState[] {
    return this.states.filter(
      (state) =>
        state.status === 'waiting' && state.dependsOn.every((name) => this.#byName.get(name)?.status === 'completed')
    );
  }

  /** Marks every waiting step that can no longer start, because a dependency did not complete, as skipped. */
  skipBlocked(): void {
    let changed = true;
    // A pass that skips no step ends the loop, so there are at most as many passes as steps, plus one.
    while (changed) {
      changed = false;
      for (const state of this.states) {
        if (state.status !== 'waiting') continue;
        const blocker = state.dependsOn
          .map((name) => this.#byName.get(name))
          .find(
            (dependency) => dependency !== undefined && ['failed', 'skipped', 'cancelled'].includes(dependency.status)
          );
        if (blocker) {
          this.#end(state, 'skipped', `skipped because step "${blocker.name}" ${pastTense(blocker.status)}`);
          changed = true;
        }
      }
    }
  }

  /** Ends every step that has not started, with the given status and reason. */
  endWaiting(status: 'skipped' | 'cancelled', reason: string): void {
    for (const state of this.states) {
      if (state.status === 'waiting') this.#end(state, status, reason);
    }
  }

  start(state: PipelineStepState, now: number): void {
    state.status = 'running';
    state.startedAt = new Date(now).toISOString();
  }

  /** Records the Hex run that a step's workflow reported; an older attempt's late report is ignored. */
  recordRunStart(report: HexRunStartedReport): PipelineStepState | undefined {
    const state = this.states.find((candidate) => candidate.workflowId === report.workflowId);
    if (state?.status !== 'running' || report.attempt < state.runs) return undefined;
    Object.assign(state, { runs: report.attempt, runId: report.runId, runUrl: report.runUrl });
    return state;
  }

  complete(state: PipelineStepState, result: RunHexProjectResult, now: number): void {
    this.#recordRun(state, result);
    this.#end(state, 'completed', undefined, now);
  }

  fail(state: PipelineStepState, failure: StepFailure, now: number): void {
    if (failure.run) this.#recordRun(state, failure.run);
    this.#end(state, failure.cancelled ? 'cancelled' : 'failed', failure.reason, now);
  }

  allEnded(): boolean {
    return this.states.every((state) => ENDED.includes(state.status));
  }

  noneRunning(): boolean {
    return this.states.every((state) => state.status !== 'running');
  }

  #recordRun(state: PipelineStepState, run: NonNullable<StepFailure['run']>): void {
    state.runs = Math.max(state.runs, 1);
    if (run.runId !== undefined) state.runId = run.runId;
    if (run.runUrl !== undefined) state.runUrl = run.runUrl;
    if (run.status !== undefined) state.runStatus = run.status;
    if (run.startTime !== undefined) state.runStartTime = run.startTime;
    if (run.endTime !== undefined) state.runEndTime = run.endTime;
  }

  #end(state: PipelineStepState, status: PipelineStepState['status'], reason?: string, now?: number): void {
    state.status = status;
    if (reason !== undefined) state.reason = reason;
    if (now !== undefined) state.endedAt = new Date(now).toISOString();
  }
}

function pastTense(status: PipelineStepState['status']): string {
  if (status === 'skipped' || status === 'cancelled') return `was ${status}`;
  return status;
}
