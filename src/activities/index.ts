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

import type { createHexRunActivities } from './hex-run-activities.js';

/** The activity functions a worker registers; workflows proxy them by type only. */
export type HexRunActivities = ReturnType<typeof createHexRunActivities>;
