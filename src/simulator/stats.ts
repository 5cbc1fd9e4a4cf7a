import type { RateBucket } from './rate-limits.js';
import type { RunStore } from './run-store.js';
import type { SimStats } from './types.js';

/** Request counters of the Hex API routes. Admin and run-page requests are not counted. */
export class RequestCounters {
  total = 0;
  byRoute: Record<string, number> = {};
  byStatus: Record<string, number> = {};
  runsCreated = 0;
  rateLimited = 0;
  overRunLimit = 0;
  overOtherLimit = 0;

  countRequest(route: string): void {
    this.total += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  /** Counts a response by status code, or `noResponse` when the socket was destroyed without one. */
  countResponse(status: number | 'noResponse'): void {
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  countViolation(bucket: RateBucket): void {
    if (bucket === 'run') this.overRunLimit += 1;
    else this.overOtherLimit += 1;
  }

  reset(): void {
    Object.assign(this, new RequestCounters());
  }

  snapshot(runs: RunStore): SimStats {
    return {
      requests: { total: this.total, byRoute: { ...this.byRoute }, byStatus: { ...this.byStatus } },
      runsCreated: this.runsCreated,
      rateLimited: this.rateLimited,
      violations: { overRunLimit: this.overRunLimit, overOtherLimit: this.overOtherLimit },
      maxRunningKernels: runs.maxRunningKernels,
      maxInFlightRuns: runs.maxInFlightRuns,
      queuedForKernel: runs.queuedForKernel,
    };
  }
}
