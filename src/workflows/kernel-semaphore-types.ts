// Messages and state of the kernel semaphore: one long-lived workflow per Hex token that admits runs so that at
// most `kernelLimit` are in flight and run requests stay within Hex's per-minute and per-hour limits.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface HexRunAdmissionLimits {
  /** Hex runs in flight at once per token; Hex's kernel limit is 25. */
  kernelLimit: number;
  /** Run requests per minute window; Hex: 20. */
  runRequestsPerMinute: number;
  /** Run requests per hour window; Hex: 60. */
  runRequestsPerHour: number;
  /** Length of the "minute" window in milliseconds: 60,000 against Hex, shorter against a time-scaled simulator. */
  minuteMs: number;
  /** Length of the "hour" window in milliseconds. */
  hourMs: number;
  /** How often held permits are checked against their workflows, in milliseconds. Default 60,000. */
  holderCheckIntervalMs?: number;
}

export interface PermitRequest {
  requestId: string;
  workflowId: string;
  runId: string;
  /** The requesting worker's limits; the semaphore follows the newest it receives. */
  limits: HexRunAdmissionLimits;
}

export interface PermitHolder {
  requestId: string;
  workflowId: string;
  runId: string;
  /** Workflow time of the grant, in epoch milliseconds. */
  grantedAt: number;
  /** The Hex run the holder started, once it reports it. */
  hexRun?: { projectId: string; runId: string };
}

export interface WaitingRequest {
  requestId: string;
  workflowId: string;
  runId: string;
  requestedAt: number;
}

export interface KernelSemaphoreState {
  limits: HexRunAdmissionLimits;
  holders: PermitHolder[];
  /** First come, first served. */
  queue: WaitingRequest[];
  /** Times of the grants within the last hour window, oldest first. */
  grantTimes: number[];
}

export const acquirePermitSignal = defineSignal<[PermitRequest]>('acquireKernelPermit');
export const releasePermitSignal = defineSignal<[{ requestId: string }]>('releaseKernelPermit');
/** Sent by the semaphore to the requesting workflow. */
export const permitGrantedSignal = defineSignal<[{ requestId: string }]>('kernelPermitGranted');
/** Sent by a holder once Hex accepted its run, so that the semaphore can cancel the run if the holder is gone. */
export const permitRunStartedSignal =
  defineSignal<[{ requestId: string; projectId: string; runId: string }]>('kernelPermitRunStarted');
export const semaphoreStateQuery = defineQuery<KernelSemaphoreState>('state');
