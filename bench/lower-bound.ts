// The earliest time a set of runs can all finish under Hex's limits: each run request must fit both sliding
// windows and a free kernel, and runs are taken in the given order (the order the benchmark's outcomes are used).
export interface Scenario {
  kernelLimit: number;
  runPerMinute: number;
  runPerHour: number;
  otherPerMinute: number;
  otherPerHour: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Simulated milliseconds until the last run ends, when every run starts as early as the limits allow. */
export function earliestFinish(limits: Scenario, runningMs: number[], pendingMs: number): number {
  const requests: number[] = [];
  const kernelFreeAt: number[] = [];
  let finish = 0;
  for (const duration of runningMs) {
    let t = requests.length > 0 ? requests[requests.length - 1]! : 0;
    const minuteBlocker = requests[requests.length - limits.runPerMinute];
    if (minuteBlocker !== undefined) t = Math.max(t, minuteBlocker + MINUTE_MS);
    const hourBlocker = requests[requests.length - limits.runPerHour];
    if (hourBlocker !== undefined) t = Math.max(t, hourBlocker + HOUR_MS);
    // A kernel frees when the run holding it ends; with the kernel limit reached, wait for the earliest.
    kernelFreeAt.sort((a, b) => a - b);
    if (kernelFreeAt.length >= limits.kernelLimit) t = Math.max(t, kernelFreeAt.shift()!);
    requests.push(t);
    const end = t + pendingMs + duration;
    kernelFreeAt.push(end);
    finish = Math.max(finish, end);
  }
  return finish;
}
