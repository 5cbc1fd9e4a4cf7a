// Worker configuration, read from the environment. Every problem is reported at once, naming the variable.
import { msToNumber } from '@temporalio/common';
import { DEFAULT_HEX_BASE_URL, normalizeBaseUrl } from '../hex/client.js';
import { defaultSemaphoreWorkflowId, HEX_DEFAULT_LIMITS, type HexLimitSettings } from './hex-limits.js';

export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Temporal Cloud API key; when set, the connection uses TLS. */
  temporalApiKey?: string;
  temporalTls: boolean;
  hexBaseUrl: string;
  hexToken: string;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  pollBackoffCoefficient: number;
  rateLimitDelayMs: number;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  limits: HexLimitSettings;
}

/** Each variable, its default and what it sets; the README's configuration table lists the same. */
export const ENVIRONMENT = {
  TEMPORAL_ADDRESS: { default: 'localhost:7233', about: 'Temporal frontend host:port' },
  TEMPORAL_NAMESPACE: { default: 'default', about: 'Temporal namespace' },
  HEX_TASK_QUEUE: {
    default: 'hex-runs',
    about:
      'task queue of the workflows; the Hex API activities use it with -hex-run-requests and -hex-other-requests appended',
  },
  TEMPORAL_API_KEY: { default: '', about: 'Temporal Cloud API key (turns TLS on)' },
  TEMPORAL_TLS: { default: 'false', about: 'connect to Temporal with TLS' },
  HEX_API_BASE_URL: { default: DEFAULT_HEX_BASE_URL, about: 'Hex API base, ending before /v1' },
  HEX_API_TOKEN: { default: '', about: 'Hex API token (required)' },
  HEX_POLL_INTERVAL: { default: '5s', about: 'first interval between status requests of a run' },
  HEX_MAX_POLL_INTERVAL: { default: '30s', about: 'longest interval between status requests of a run' },
  HEX_POLL_BACKOFF: { default: '1.5', about: 'growth of the poll interval per poll; 1 keeps it constant' },
  HEX_RATE_LIMIT_DELAY: { default: '60s', about: 'wait after a 429 that has no Retry-After header' },
  HEX_REQUEST_TIMEOUT: { default: '30s', about: 'limit for one Hex API request' },
  WORKER_SHUTDOWN_GRACE: { default: '30s', about: 'time in-flight activities get to finish on SIGINT or SIGTERM' },
  HEX_KERNEL_LIMIT: {
    default: '25',
    about: 'Hex runs in flight at once per token, across all workers; 0 turns the limit off',
  },
  HEX_RUN_REQUESTS_PER_MINUTE: {
    default: String(HEX_DEFAULT_LIMITS.runRequestsPerMinute),
    about: "run requests per minute per token (Hex's limit)",
  },
  HEX_RUN_REQUESTS_PER_HOUR: {
    default: String(HEX_DEFAULT_LIMITS.runRequestsPerHour),
    about: "run requests per hour per token (Hex's limit)",
  },
  HEX_OTHER_REQUESTS_PER_MINUTE: {
    default: '30',
    about: "status, cancel and list requests per minute per token (Hex's limit)",
  },
  HEX_LIMITS_TIME_SCALE: {
    default: String(HEX_DEFAULT_LIMITS.timeScale),
    about: 'divides the limit windows; only for a time-scaled simulator',
  },
  HEX_LIMITS_SAFETY_MARGIN: {
    default: String(HEX_DEFAULT_LIMITS.safetyMargin),
    about: 'fraction by which windows are lengthened and rates lowered',
  },
  HEX_SEMAPHORE_ID: { default: '', about: 'workflow id of the kernel semaphore (default derived from the token)' },
} as const;

type Variable = keyof typeof ENVIRONMENT;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const text = (name: Variable) => {
    const value = env[name]?.trim();
    return value ? value : ENVIRONMENT[name].default;
  };
  // Node's timers hold at most 2^31 - 1 ms (about 24.8 days); a day is plenty for every duration here.
  const MAX_DURATION_MS = 24 * 3_600_000;
  const duration = (name: Variable) => {
    const value = text(name);
    try {
      const ms = msToNumber(value);
      if (Number.isFinite(ms) && ms > 0 && ms <= MAX_DURATION_MS) return ms;
    } catch {
      // reported below
    }
    problems.push(
      `${name}=${JSON.stringify(value)} is not a duration from 1 ms to 24 hours: use a value such as "5s", "2m" or 1500 (ms)`
    );
    return 0;
  };

  const hexToken = env.HEX_API_TOKEN?.trim() ?? '';
  // An HTTP header takes visible ASCII only; a pasted quote or space would fail every request. Never print the token.
  if (hexToken && !/^[\x21-\x7e]+$/.test(hexToken)) {
    problems.push('HEX_API_TOKEN contains a space, quote mark or non-ASCII character: copy the token again from Hex');
  }
  if (!hexToken) {
    problems.push(
      'HEX_API_TOKEN is missing: set it to a Hex API token (Hex: Settings > API keys), or run `npm run demo` to use the simulator'
    );
  }
  let hexBaseUrl = DEFAULT_HEX_BASE_URL;
  try {
    hexBaseUrl = normalizeBaseUrl(text('HEX_API_BASE_URL'));
  } catch (error) {
    problems.push(`HEX_API_BASE_URL: ${(error as Error).message}`);
  }
  const backoff = Number(text('HEX_POLL_BACKOFF'));
  if (!Number.isFinite(backoff) || backoff < 1 || backoff > 10) {
    problems.push(`HEX_POLL_BACKOFF=${JSON.stringify(text('HEX_POLL_BACKOFF'))} must be a number from 1 to 10`);
  }
  const number = (name: Variable, min: number, max: number) => {
    const value = Number(text(name));
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(text(name))} must be a number from ${min} to ${max}`);
      return min;
    }
    return value;
  };
  const limits: HexLimitSettings = {
    kernelLimit: Math.floor(number('HEX_KERNEL_LIMIT', 0, 500)),
    runRequestsPerMinute: number('HEX_RUN_REQUESTS_PER_MINUTE', 1, 100_000),
    runRequestsPerHour: number('HEX_RUN_REQUESTS_PER_HOUR', 1, 1_000_000),
    otherRequestsPerMinute: number('HEX_OTHER_REQUESTS_PER_MINUTE', 1, 100_000),
    timeScale: number('HEX_LIMITS_TIME_SCALE', 0.001, 10_000),
    safetyMargin: number('HEX_LIMITS_SAFETY_MARGIN', 0, 0.5),
    semaphoreWorkflowId: text('HEX_SEMAPHORE_ID') || defaultSemaphoreWorkflowId(hexBaseUrl, hexToken),
  };
  const tls = text('TEMPORAL_TLS').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(tls))
    problems.push(`TEMPORAL_TLS=${JSON.stringify(tls)} must be true or false`);

  const config: WorkerConfig = {
    temporalAddress: text('TEMPORAL_ADDRESS'),
    namespace: text('TEMPORAL_NAMESPACE'),
    taskQueue: text('HEX_TASK_QUEUE'),
    temporalApiKey: env.TEMPORAL_API_KEY?.trim() || undefined,
    temporalTls: tls === 'true' || tls === '1',
    hexBaseUrl,
    hexToken,
    pollIntervalMs: duration('HEX_POLL_INTERVAL'),
    maxPollIntervalMs: duration('HEX_MAX_POLL_INTERVAL'),
    pollBackoffCoefficient: backoff,
    rateLimitDelayMs: duration('HEX_RATE_LIMIT_DELAY'),
    requestTimeoutMs: duration('HEX_REQUEST_TIMEOUT'),
    shutdownGraceMs: duration('WORKER_SHUTDOWN_GRACE'),
    limits,
  };
  // Each Hex call runs in an activity whose start-to-close timeout is a minute; a request must end well before it.
  if (config.requestTimeoutMs > 50_000) {
    problems.push(`HEX_REQUEST_TIMEOUT=${JSON.stringify(text('HEX_REQUEST_TIMEOUT'))} must be at most 50s`);
  }
  if (config.maxPollIntervalMs > 0 && config.maxPollIntervalMs < config.pollIntervalMs) {
    problems.push('HEX_MAX_POLL_INTERVAL must not be shorter than HEX_POLL_INTERVAL');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid worker configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
