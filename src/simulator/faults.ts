import type { SimFault, SimRoute } from './types.js';

const ROUTES = ['runProject', 'getRunStatus', 'cancelRun', 'listRuns', 'listProjects', 'getProject', 'any'];
const KINDS = ['status', 'delay', 'reset', 'malformedJson', 'dropResponse', 'rateLimit'];

interface QueuedFault {
  fault: SimFault;
  /** Matching requests seen so far, including those let through by `after`. */
  seen: number;
  hits: number;
}

/** Injected faults, matched in the order they were queued. Each request gets at most one fault. */
export class FaultQueue {
  private queued: QueuedFault[] = [];

  add(fault: SimFault): void {
    this.queued.push({ fault: validateFault(fault), seen: 0, hits: 0 });
  }

  clear(): void {
    this.queued = [];
  }

  /** Counts the request against every matching fault and returns the first one due to hit it. */
  take(route: SimRoute, projectId: string | undefined): SimFault | undefined {
    let due: QueuedFault | undefined;
    for (const entry of this.queued) {
      const { fault } = entry;
      if (fault.route !== 'any' && fault.route !== route) continue;
      if (fault.projectId !== undefined && fault.projectId !== projectId) continue;
      entry.seen += 1;
      if (due === undefined && entry.seen > (fault.after ?? 0)) due = entry;
    }
    if (due === undefined) return undefined;
    due.hits += 1;
    if (due.hits >= (due.fault.times ?? 1)) this.queued = this.queued.filter((entry) => entry !== due);
    return due.fault;
  }
}

/** Returns the fault if it is well formed, and throws a TypeError naming the bad field otherwise. */
export function validateFault(value: unknown): SimFault {
  if (typeof value !== 'object' || value === null) throw new TypeError('A fault must be an object.');
  const fault = value as Record<string, unknown>;
  validateMatching(fault);
  validateAction(fault);
  return value as SimFault;
}

/** Checks the fields that choose which requests a fault hits. */
function validateMatching(fault: Record<string, unknown>): void {
  if (typeof fault.route !== 'string' || !ROUTES.includes(fault.route)) {
    throw new TypeError(`Invalid fault route ${JSON.stringify(fault.route)}: expected one of ${ROUTES.join(', ')}.`);
  }
  if (fault.projectId !== undefined && typeof fault.projectId !== 'string') {
    throw new TypeError('Invalid fault projectId: expected a string.');
  }

  for (const [field, min] of [
    ['times', 1],
    ['after', 0],
  ] as const) {
    const count = fault[field];
    if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count >= min)) {
      throw new TypeError(`Invalid fault ${field} ${JSON.stringify(count)}: expected a whole number, ${min} or more.`);
    }
  }
}

/** Checks the kind and the fields that the kind needs. */
function validateAction(fault: Record<string, unknown>): void {
  if (typeof fault.kind !== 'string' || !KINDS.includes(fault.kind)) {
    throw new TypeError(`Invalid fault kind ${JSON.stringify(fault.kind)}: expected one of ${KINDS.join(', ')}.`);
  }

  const { status, body, ms, retryAfterSeconds } = fault;
  const statusValid = typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599;
  if (fault.kind === 'status' && !statusValid) {
    throw new TypeError(`Invalid fault status ${JSON.stringify(status)}: expected an HTTP status code, 200 to 599.`);
  }
  if (fault.kind === 'status' && body !== undefined && typeof body !== 'string') {
    throw new TypeError('Invalid fault body: expected a string.');
  }
  if (fault.kind === 'delay' && !(typeof ms === 'number' && ms >= 0)) {
    throw new TypeError(`Invalid fault ms ${JSON.stringify(ms)}: expected real milliseconds, 0 or more.`);
  }
  const retryAfterValid =
    retryAfterSeconds === undefined || (typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 0);
  if (fault.kind === 'rateLimit' && !retryAfterValid) {
    throw new TypeError(`Invalid fault retryAfterSeconds ${JSON.stringify(retryAfterSeconds)}: expected seconds.`);
  }
}
