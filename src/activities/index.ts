export {
  createHexRunActivities,
  nextPollDelay,
  STILL_RUNNING_FAILURE_TYPE,
  type HexActivityDependencies,
  type HexRunRef,
  type PollPolicy,
  type StartHexRunInput,
  type StartedHexRun,
  type WaitForHexRunInput,
} from './hex-run-activities.js';

export {
  createKernelPermitActivities,
  type KernelPermitDependencies,
  type PermitTicket,
  type WorkflowRef,
} from './kernel-permit-activities.js';
import type { createHexRunActivities } from './hex-run-activities.js';
import type { createKernelPermitActivities } from './kernel-permit-activities.js';

/** The activity functions a worker registers; workflows proxy them by type only. */
export type HexRunActivities = ReturnType<typeof createHexRunActivities>;
export type KernelPermitActivities = ReturnType<typeof createKernelPermitActivities>;
