// The arithmetic behind the limits: task queue rates, semaphore windows and the benchmark's lower bound.
import { describe, expect, it } from 'vitest';
import { earliestFinish } from '../bench/lower-bound.js';
import { admissionLimits, HEX_DEFAULT_LIMITS, taskQueueRates } from '../src/worker/hex-limits.js';
import { grantPermits, nextWindowChange } from '../src/workflows/kernel-semaphore.js';
import type { KernelSemaphoreState } from '../src/workflows/kernel-semaphore-types.js';

const settings = { ...HEX_DEFAULT_LIMITS, safetyMargin: 0, semaphoreWorkflowId: 's' };

describe('taskQueueRates', () => {
  it('spreads a minute of budget over 61 seconds against Hex', () => {
    const rates = taskQueueRates(settings);
    expect(rates.otherRequests).toBeCloseTo(30 / 61, 6);
    expect(rates.runRequests).toBeCloseTo(20 / 61, 6);
  });

  it('keeps room for the burst when the window is one second', () => {
    expect(taskQueueRates({ ...settings, timeScale: 60 }).otherRequests).toBeCloseTo(15, 6);
  });
});

describe('admissionLimits', () => {
  it('lengthens the windows by the safety margin and the time scale', () => {
    const limits = admissionLimits({ ...settings, safetyMargin: 0.1, timeScale: 60 });
    expect(limits?.minuteMs).toBe(1100);
    expect(limits?.hourMs).toBe(66_000);
  });

  it('is off with a kernel limit of 0', () => {
    expect(admissionLimits({ ...settings, kernelLimit: 0 })).toBeUndefined();
  });
});

describe('grantPermits', () => {
  const limits = {
    kernelLimit: 2,
    runRequestsPerMinute: 3,
    runRequestsPerHour: 4,
    minuteMs: 60_000,
    hourMs: 3_600_000,
  };
  const waiting = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ requestId: `r${i}`, workflowId: `w${i}`, runId: `u${i}`, requestedAt: 0 }));

  it('grants in order up to the kernel limit', () => {
    const state: KernelSemaphoreState = { limits, holders: [], queue: waiting(3), grantTimes: [] };
    expect(grantPermits(state, 1000).map((h) => h.requestId)).toEqual(['r0', 'r1']);
    expect(state.queue.map((w) => w.requestId)).toEqual(['r2']);
  });

  it('waits for the minute window and says when it frees', () => {
    const state: KernelSemaphoreState = {
      limits: { ...limits, kernelLimit: 10 },
      holders: [],
      queue: waiting(5),
      grantTimes: [],
    };
    expect(grantPermits(state, 0)).toHaveLength(3);
    expect(nextWindowChange(state, 10)).toBe(60_000);
    expect(grantPermits(state, 60_001)).toHaveLength(1);
    // The hour window (4) is now full until the first grant is an hour old.
    expect(grantPermits(state, 200_000)).toHaveLength(0);
    expect(nextWindowChange(state, 200_000)).toBe(3_600_000);
  });
});

describe('earliestFinish', () => {
  it('bounds 300 runs by Hex limits', () => {
    const minutes = earliestFinish(
      { kernelLimit: 25, runPerMinute: 20, runPerHour: 60, otherPerMinute: 30, otherPerHour: 1800 },
      Array.from({ length: 300 }, () => 30_000),
      1000
    );
    expect(minutes).toBe((4 * 60 + 2) * 60_000 + 31_000);
  });

  it('is bound by kernels when requests are unlimited', () => {
    const limits = { kernelLimit: 2, runPerMinute: 1000, runPerHour: 1000, otherPerMinute: 1, otherPerHour: 1 };
    expect(earliestFinish(limits, [10_000, 10_000, 10_000, 10_000], 0)).toBe(20_000);
  });
});
