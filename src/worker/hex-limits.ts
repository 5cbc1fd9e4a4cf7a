// Hex's per-token limits as the worker applies them: task queue rate limits for the API calls, and the admission
// limits that the kernel semaphore enforces.
import { createHash } from 'node:crypto';
import type { HexRunAdmissionLimits } from '../workflows/kernel-semaphore-types.js';

export interface HexLimitSettings {
  /** Hex runs in flight per token; 0 turns the kernel semaphore off. Hex's limit: 25. */
  kernelLimit: number;
  /** Hex: 20 run requests a minute. */
  runRequestsPerMinute: number;
  /** Hex: 60 run requests an hour. */
  runRequestsPerHour: number;
  /** Hex: 30 status, cancel and list requests a minute (1,800 an hour, the same rate). */
  otherRequestsPerMinute: number;
  /** Divides every window, for a time-scaled simulator: 60 makes Hex's minute last one second. Default 1. */
  timeScale: number;
  /** Fraction by which windows are lengthened and queue rates lowered, against clock skew and latency. Default 0.05. */
  safetyMargin: number;
  /** Workflow id of the kernel semaphore; every worker that uses the same token must use the same one. */
  semaphoreWorkflowId: string;
  /** How often the semaphore checks that permit holders still run, in milliseconds. Default 60,000. */
  holderCheckIntervalMs?: number;
}

export const HEX_DEFAULT_LIMITS = {
  kernelLimit: 25,
  runRequestsPerMinute: 20,
  runRequestsPerHour: 60,
  otherRequestsPerMinute: 30,
  timeScale: 1,
  safetyMargin: 0.05,
} as const;

/** Derives the semaphore id from the Hex host and token, so that workers sharing a token share one semaphore. */
export function defaultSemaphoreWorkflowId(hexBaseUrl: string, token: string): string {
  // A short hash identifies the token without revealing it.
  const digest = createHash('sha256').update(`${hexBaseUrl}\n${token}`).digest('hex').slice(0, 12);
  return `hex-kernel-semaphore-${digest}`;
}

export function admissionLimits(settings: HexLimitSettings): HexRunAdmissionLimits | undefined {
  if (settings.kernelLimit <= 0) return undefined;
  const stretch = (1 + settings.safetyMargin) / settings.timeScale;
  return {
    kernelLimit: settings.kernelLimit,
    runRequestsPerMinute: settings.runRequestsPerMinute,
    runRequestsPerHour: settings.runRequestsPerHour,
    minuteMs: Math.ceil(60_000 * stretch),
    hourMs: Math.ceil(3_600_000 * stretch),
    holderCheckIntervalMs: settings.holderCheckIntervalMs,
  };
}

/**
 * Activities per second for the two rate-limited task queues: the minute's budget spread over the minute plus one
 * second, because the server lets a task queue burst about one second's worth of its rate above the steady rate.
 */
// NOTE: the one-second burst was measured with the dev server (temporal CLI 1.9.1): at a steady rate of exactly the
// budget, bursts exceeded the simulator's minute window when that window lasted one real second.
export function taskQueueRates(settings: HexLimitSettings): { runRequests: number; otherRequests: number } {
  const windowSeconds = 60 / settings.timeScale;
  const perSecond = (perMinute: number) => (perMinute / (windowSeconds + 1)) * (1 - settings.safetyMargin);
  return {
    runRequests: perSecond(settings.runRequestsPerMinute),
    otherRequests: perSecond(settings.otherRequestsPerMinute),
  };
}
