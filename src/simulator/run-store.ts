import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SimProject, SimProjectOutcome, SimRunRecord } from './types.js';

/** Statuses in Hex's 2025 spec. */
export const HEX_RUN_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'ERRORED', 'KILLED', 'UNABLE_TO_ALLOCATE_KERNEL'];
const TERMINAL_STATUSES = new Set(['COMPLETED', 'ERRORED', 'KILLED', 'UNABLE_TO_ALLOCATE_KERNEL']);

/** Largest delay `setTimeout` accepts. Longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_OUTCOME = { status: 'COMPLETED', pendingMs: 200, runningMs: 1000 } as const;

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** A stored run: the public record plus what the lifecycle needs. */
export interface StoredRun {
  readonly record: SimRunRecord;
  /** Creation order, which is the FIFO order for free kernels. */
  readonly sequence: number;
  readonly outcome: Required<SimProjectOutcome>;
  /** `performance.now()` when the run started RUNNING, so that `elapsedTime` is a float like Hex's. */
  startedAtPerf?: number;
  /** Real ms spent RUNNING, set when the run ends. Null while it runs, and for runs that never started. */
  elapsedMs: number | null;
  timer?: NodeJS.Timeout;
  holdsKernel: boolean;
}

export interface RunStoreSettings {
  /** Simulated ms per real ms. */
  timeScale: number;
  /** Concurrent RUNNING runs per token. */
  kernelLimit: number;
}

interface TokenKernels {
  running: number;
  inFlight: number;
  /** Runs past their pending time that wait for a kernel, in creation order. */
  waiting: StoredRun[];
}

/** Runs and their lifecycle: PENDING for `pendingMs`, RUNNING once a kernel is free, then the outcome's status. */
export class RunStore {
  private readonly runsById = new Map<string, StoredRun>();
  private readonly kernelsByToken = new Map<string, TokenKernels>();
  private readonly runCountByProject = new Map<string, number>();
  private nextSequence = 0;
  maxRunningKernels = 0;
  maxInFlightRuns = 0;
  queuedForKernel = 0;

  constructor(private readonly settings: () => RunStoreSettings) {}

  /** Creates a run of the project's next outcome and starts its pending timer. */
  create(project: SimProject, token: string, inputParams: Record<string, unknown> | undefined): StoredRun {
    const runIndex = this.runCountByProject.get(project.projectId) ?? 0;
    this.runCountByProject.set(project.projectId, runIndex + 1);
    const outcomes = project.outcomes?.length ? project.outcomes : [DEFAULT_OUTCOME];
    const chosen = outcomes[Math.min(runIndex, outcomes.length - 1)] ?? DEFAULT_OUTCOME;
    const run: StoredRun = {
      record: {
        runId: randomUUID(),
        projectId: project.projectId,
        token,
        status: 'PENDING',
        ...(inputParams === undefined ? {} : { inputParams }),
        createdAt: Date.now(),
        killedByCancel: false,
      },
      sequence: this.nextSequence++,
      outcome: {
        status: chosen.status,
        pendingMs: chosen.pendingMs ?? DEFAULT_OUTCOME.pendingMs,
        runningMs: chosen.runningMs ?? DEFAULT_OUTCOME.runningMs,
      },
      elapsedMs: null,
      holdsKernel: false,
    };
    this.runsById.set(run.record.runId, run);

    const kernels = this.kernelsFor(token);
    kernels.inFlight += 1;
    this.maxInFlightRuns = Math.max(this.maxInFlightRuns, kernels.inFlight);
    if (run.outcome.status !== 'PENDING') {
      run.timer = setTimeout(() => this.finishPending(run), this.toRealMs(run.outcome.pendingMs));
    }
    return run;
  }

  get(runId: string): StoredRun | undefined {
    return this.runsById.get(runId);
  }

  /** Returns every run in creation order. */
  all(): StoredRun[] {
    return [...this.runsById.values()];
  }

  /** Returns the project's runs, newest first. */
  listForProject(projectId: string, statusFilter: string | undefined): StoredRun[] {
    return this.all()
      .filter((run) => run.record.projectId === projectId)
      .filter((run) => statusFilter === undefined || run.record.status === statusFilter)
      .reverse();
  }

  /** Kills a non-terminal run and frees its kernel. A terminal run is left as it is. */
  cancel(run: StoredRun): void {
    if (isTerminal(run.record.status)) return;
    run.record.cancelledAt = Date.now();
    run.record.killedByCancel = true;
    this.finish(run, 'KILLED');
  }

  /** Starts waiting runs after the kernel limit was raised. */
  applyKernelLimit(): void {
    for (const kernels of this.kernelsByToken.values()) this.startWaiting(kernels);
  }

  /** Forgets every run and counter, and stops every timer. */
  reset(): void {
    this.stopTimers();
    this.runsById.clear();
    this.kernelsByToken.clear();
    this.runCountByProject.clear();
    this.maxRunningKernels = 0;
    this.maxInFlightRuns = 0;
    this.queuedForKernel = 0;
  }

  stopTimers(): void {
    for (const run of this.runsById.values()) clearTimeout(run.timer);
  }

  private finishPending(run: StoredRun): void {
    run.timer = undefined;
    const status = run.outcome.status;
    if (status === 'UNABLE_TO_ALLOCATE_KERNEL') {
      this.finish(run, status);
    } else if (!HEX_RUN_STATUSES.includes(status)) {
      // Hex may add statuses, so an unknown one is shown as it is and stays non-terminal until the run is cancelled.
      run.record.status = status;
    } else {
      const kernels = this.kernelsFor(run.record.token);
      if (kernels.running < this.settings().kernelLimit) {
        this.start(run, kernels);
      } else {
        kernels.waiting.push(run);
        kernels.waiting.sort((a, b) => a.sequence - b.sequence);
        this.queuedForKernel += 1;
      }
    }
  }

  private start(run: StoredRun, kernels: TokenKernels): void {
    run.record.status = 'RUNNING';
    run.record.startedAt = Date.now();
    run.startedAtPerf = performance.now();
    run.holdsKernel = true;
    kernels.running += 1;
    this.maxRunningKernels = Math.max(this.maxRunningKernels, kernels.running);
    if (run.outcome.status !== 'RUNNING') {
      run.timer = setTimeout(() => this.finish(run, run.outcome.status), this.toRealMs(run.outcome.runningMs));
    }
  }

  private finish(run: StoredRun, status: string): void {
    clearTimeout(run.timer);
    run.timer = undefined;
    run.record.status = status;
    run.record.endedAt = Date.now();
    if (run.startedAtPerf !== undefined) run.elapsedMs = performance.now() - run.startedAtPerf;

    const kernels = this.kernelsFor(run.record.token);
    kernels.inFlight -= 1;
    kernels.waiting = kernels.waiting.filter((waiting) => waiting !== run);
    if (run.holdsKernel) {
      run.holdsKernel = false;
      kernels.running -= 1;
      this.startWaiting(kernels);
    }
  }

  private startWaiting(kernels: TokenKernels): void {
    while (kernels.running < this.settings().kernelLimit) {
      const next = kernels.waiting.shift();
      if (next === undefined) return;
      this.start(next, kernels);
    }
  }

  private kernelsFor(token: string): TokenKernels {
    let kernels = this.kernelsByToken.get(token);
    if (kernels === undefined) {
      kernels = { running: 0, inFlight: 0, waiting: [] };
      this.kernelsByToken.set(token, kernels);
    }
    return kernels;
  }

  /** Converts simulated ms to a timer delay, capped at Node's maximum of about 24.8 days. */
  private toRealMs(simulatedMs: number): number {
    return Math.min(MAX_TIMER_MS, Math.max(0, simulatedMs / this.settings().timeScale));
  }
}
