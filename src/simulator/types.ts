// Public types of the Hex API simulator. Durations are in milliseconds of simulated time unless a name says "real".

/** Result of one simulated run of a project. */
export interface SimProjectOutcome {
  /**
   * Status the run ends in. A terminal Hex status ends the run normally. `UNABLE_TO_ALLOCATE_KERNEL` ends it
   * after `pendingMs` without a kernel. `PENDING` keeps the run pending and `RUNNING` keeps it running until cancelled.
   * Any other string becomes the run's status after `pendingMs` and stays until the run is cancelled, which
   * tests a client's handling of statuses Hex may add.
   */
  status: 'COMPLETED' | 'ERRORED' | 'KILLED' | 'UNABLE_TO_ALLOCATE_KERNEL' | (string & {});
  /** Simulated time spent in PENDING before the run requests a kernel. Default 200. */
  pendingMs?: number;
  /** Simulated time spent in RUNNING. Default 1000. */
  runningMs?: number;
}

export interface SimProject {
  /** Project id, a uuid. */
  projectId: string;
  title: string;
  /**
   * Outcomes of successive runs, used in order; the last one repeats.
   * Default: `[{ status: 'COMPLETED', pendingMs: 200, runningMs: 1000 }]`.
   */
  outcomes?: SimProjectOutcome[];
  /**
   * Declared app inputs, name to type. Hex responds 422 to unknown names or values of the wrong type.
   * When absent, any `inputParams` are accepted.
   */
  inputs?: Record<string, SimInputType>;
}

export type SimInputType = 'string' | 'number' | 'boolean' | 'date';

export interface SimRateLimits {
  /** Run requests (`POST .../runs`) per token per simulated minute. Hex: 20. */
  runPerMinute: number;
  /** Run requests per token per simulated hour. Hex: 60. */
  runPerHour: number;
  /** All other API requests per token per simulated minute. Hex: 30. */
  otherPerMinute: number;
  /** All other API requests per token per simulated hour. Hex: 1,800. */
  otherPerHour: number;
}

/** `reason` is the 2025 shape `{reason, traceId, details?}`; `message` is the 2026 shape `{message, code, issues?}`. */
export type SimErrorShape = 'reason' | 'message';

export interface SimulatorOptions {
  /** TCP port. Default 0, a random free port. */
  port?: number;
  /**
   * Address to bind. Default 127.0.0.1; a container needs 0.0.0.0 so that other containers reach it. The admin
   * API answers loopback clients only, whatever the address.
   */
  host?: string;
  /** Valid bearer tokens. Default `['sim-token']`. */
  tokens?: string[];
  /** Projects served from the start. Default none (`sampleProjects` is exported separately). */
  projects?: SimProject[];
  /**
   * Simulated ms per real ms. Default 1. At 60 a simulated minute lasts one real second.
   * Scales outcome durations and rate-limit windows.
   */
  timeScale?: number;
  /**
   * Per-token rate limits. Default Hex's: 20 and 60 run requests, 30 and 1,800 other requests, per minute and hour.
   * `false` turns enforcement off, but requests over Hex's default limits still count in `stats().violations`.
   */
  rateLimits?: SimRateLimits | false;
  /** Whether a 429 carries `Retry-After`, in real seconds rounded up (at least 1). Default true. */
  retryAfterHeader?: boolean;
  /** Concurrent RUNNING runs per token. Default 25. Further runs stay PENDING until a kernel frees, in FIFO order. */
  kernelLimit?: number;
  /** Error body shape. Default `reason`. */
  errorShape?: SimErrorShape;
  /** Origin used in `runUrl`, such as `https://sim.example`. Default the listening `http://127.0.0.1:PORT`. */
  publicUrl?: string;
}

export type SimMutableOptions = Partial<
  Pick<SimulatorOptions, 'rateLimits' | 'retryAfterHeader' | 'errorShape' | 'timeScale' | 'kernelLimit'>
>;

/** A run as the simulator stores it. Timestamps are real-clock `Date.now()` values. */
export interface SimRunRecord {
  runId: string;
  projectId: string;
  /** Bearer token that created the run. Never print it. */
  token: string;
  status: string;
  inputParams?: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  cancelledAt?: number;
  killedByCancel: boolean;
}

export type SimRoute = 'runProject' | 'getRunStatus' | 'cancelRun' | 'listRuns' | 'listProjects' | 'getProject';

export type SimFault = {
  route: SimRoute | 'any';
  /** Only requests for this project. */
  projectId?: string;
  /** Number of matching requests the fault hits. Default 1. */
  times?: number;
  /** Number of matching requests to let through before the first hit. Default 0. */
  after?: number;
} & SimFaultAction;

export type SimFaultAction =
  /** Responds `status` with an error body in the configured shape, or with `body` verbatim. Nothing is done. */
  | { kind: 'status'; status: number; body?: string }
  /** Does the work at once but sends the normal response after `ms` real milliseconds. */
  | { kind: 'delay'; ms: number }
  /** Destroys the socket without a response. Nothing is done. */
  | { kind: 'reset' }
  /** Responds 200 (201 for runProject) with a truncated JSON body. Nothing is done. */
  | { kind: 'malformedJson' }
  /** Does the work (a run is created!) and then destroys the socket without a response. */
  | { kind: 'dropResponse' }
  /** Responds 429, with `Retry-After` only when `retryAfterSeconds` is given. Nothing is done. */
  | { kind: 'rateLimit'; retryAfterSeconds?: number };

export interface SimStats {
  requests: {
    total: number;
    /** Keyed by route name, or `unknown` for paths that match no route. */
    byRoute: Record<string, number>;
    /** Keyed by status code, or `noResponse` for sockets destroyed without a response. */
    byStatus: Record<string, number>;
  };
  /** Runs created, without dry runs. */
  runsCreated: number;
  /** 429 responses sent because a limit was exceeded, without injected faults. */
  rateLimited: number;
  /** Requests that arrived over a limit, counted against Hex's default limits while enforcement is off. */
  violations: { overRunLimit: number; overOtherLimit: number };
  /** Maximum number of concurrent RUNNING runs of one token. */
  maxRunningKernels: number;
  /** Maximum number of concurrent non-terminal runs of one token. */
  maxInFlightRuns: number;
  /** Runs that had to wait in PENDING because their token was at the kernel limit. */
  queuedForKernel: number;
}
