import type { FaultQueue } from './faults.js';
import type { ProjectRegistry } from './projects.js';
import { HEX_RATE_LIMITS, type RateLimiter } from './rate-limits.js';
import type { RequestCounters } from './stats.js';
import type { RunStore } from './run-store.js';
import type { SimErrorShape, SimMutableOptions, SimRateLimits, SimulatorOptions } from './types.js';

/** Simulator options with every default filled in. */
export interface ResolvedOptions {
  tokens: string[];
  timeScale: number;
  rateLimits: SimRateLimits | false;
  retryAfterHeader: boolean;
  kernelLimit: number;
  errorShape: SimErrorShape;
  /** Origin for `runUrl`, without a trailing slash; undefined means the listening address. */
  publicUrl: string | undefined;
}

/** State and settings shared by the route handlers. */
export interface SimulatorContext {
  readonly options: ResolvedOptions;
  readonly projects: ProjectRegistry;
  readonly runs: RunStore;
  readonly limiter: RateLimiter;
  readonly faults: FaultQueue;
  readonly counters: RequestCounters;
  /** API base such as `http://127.0.0.1:PORT/api`. */
  readonly baseUrl: string;
  /** Origin of `runUrl`, such as `http://127.0.0.1:PORT`. */
  readonly publicUrl: string;
  /** Runs `callback` after `realMs`, unless the simulator closes first. */
  schedule(callback: () => void, realMs: number): void;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const tokens = options.tokens ?? ['sim-token'];
  if (tokens.length === 0 || tokens.some((token) => typeof token !== 'string' || token === '')) {
    throw new TypeError('Invalid tokens: expected at least one non-empty string.');
  }
  const resolved: ResolvedOptions = {
    tokens: [...tokens],
    timeScale: 1,
    rateLimits: HEX_RATE_LIMITS,
    retryAfterHeader: true,
    kernelLimit: 25,
    errorShape: 'reason',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
  };
  applyOptions(resolved, options);
  return resolved;
}

/** Validates and applies the options that may change while the simulator runs. */
export function applyOptions(resolved: ResolvedOptions, changes: SimMutableOptions): void {
  const { timeScale, kernelLimit, rateLimits, retryAfterHeader, errorShape } = changes;
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new RangeError(`Invalid timeScale ${timeScale}: expected a positive number of simulated ms per real ms.`);
  }
  if (kernelLimit !== undefined && !(Number.isInteger(kernelLimit) && kernelLimit >= 1)) {
    throw new RangeError(`Invalid kernelLimit ${kernelLimit}: expected a whole number, 1 or more.`);
  }
  if (rateLimits !== undefined && rateLimits !== false) {
    for (const [name, value] of Object.entries(rateLimits)) {
      if (!(Number.isInteger(value) && value >= 1)) {
        throw new RangeError(`Invalid rateLimits.${name} ${value}: expected a whole number, 1 or more.`);
      }
    }
  }
  if (errorShape !== undefined && errorShape !== 'reason' && errorShape !== 'message') {
    throw new RangeError(`Invalid errorShape ${JSON.stringify(errorShape)}: expected "reason" or "message".`);
  }
  if (retryAfterHeader !== undefined && typeof retryAfterHeader !== 'boolean') {
    throw new RangeError('Invalid retryAfterHeader: expected a boolean.');
  }

  if (timeScale !== undefined) resolved.timeScale = timeScale;
  if (kernelLimit !== undefined) resolved.kernelLimit = kernelLimit;
  if (rateLimits !== undefined)
    resolved.rateLimits = rateLimits === false ? false : { ...HEX_RATE_LIMITS, ...rateLimits };
  if (errorShape !== undefined) resolved.errorShape = errorShape;
  if (retryAfterHeader !== undefined) resolved.retryAfterHeader = retryAfterHeader;
}
