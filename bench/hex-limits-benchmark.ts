// Benchmark of Hex's per-token limits (`npm run bench`): many runs started at once against the simulator with
// Hex's limits scaled in time, two worker processes, the real Temporal dev server. Prints the figures recorded in
// docs/benchmarks.md. Options: --runs N, --workers N, --time-scale S, --scenario hex|kernel.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../src/devserver/temporal-dev-server.js';
import { HexSimulator, type SimProjectOutcome, type SimRateLimits } from '../src/simulator/index.js';
import { earliestFinish, type Scenario } from './lower-bound.js';

const PROJECT = '99999999-9999-4999-8999-999999999999';
const TOKEN = 'bench-token';
const TASK_QUEUE = 'bench';
const workerEntry = fileURLToPath(new URL('../src/worker.ts', import.meta.url));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    workers: { type: 'string', default: '2' },
    'time-scale': { type: 'string', default: '60' },
    scenario: { type: 'string', default: 'hex' },
    margin: { type: 'string', default: '0.1' },
  },
});
const runs = Number(values.runs);
const workerCount = Number(values.workers);
const timeScale = Number(values['time-scale']);
const margin = Number(values.margin);

/** `hex`: Hex's own limits. `kernel`: run-request limits raised so that only the 25-kernel limit binds. */
const SCENARIOS: Record<string, Scenario> = {
  hex: { kernelLimit: 25, runPerMinute: 20, runPerHour: 60, otherPerMinute: 30, otherPerHour: 1800 },
  kernel: { kernelLimit: 25, runPerMinute: 10_000, runPerHour: 100_000, otherPerMinute: 300, otherPerHour: 18_000 },
};
const scenario = SCENARIOS[values.scenario];
if (!scenario) throw new Error(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}`);

/** Durations of 20 to 60 simulated seconds from a fixed seed, so that every rerun gets the same runs. */
function durations(count: number): number[] {
  let seed = 42;
  return Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return 20_000 + Math.round((seed / 2 ** 31) * 40_000);
  });
}

function startWorker(index: number, sim: HexSimulator, address: string): ChildProcess {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    HEX_TASK_QUEUE: TASK_QUEUE,
    HEX_API_BASE_URL: sim.baseUrl,
    HEX_API_TOKEN: TOKEN,
    HEX_POLL_INTERVAL: `${Math.round(5000 / timeScale)}ms`,
    HEX_MAX_POLL_INTERVAL: `${Math.round(30_000 / timeScale)}ms`,
    HEX_RATE_LIMIT_DELAY: `${Math.round(60_000 / timeScale)}ms`,
    HEX_KERNEL_LIMIT: String(scenario!.kernelLimit),
    HEX_RUN_REQUESTS_PER_MINUTE: String(scenario!.runPerMinute),
    HEX_RUN_REQUESTS_PER_HOUR: String(scenario!.runPerHour),
    HEX_OTHER_REQUESTS_PER_MINUTE: String(scenario!.otherPerMinute),
    HEX_LIMITS_TIME_SCALE: String(timeScale),
    HEX_LIMITS_SAFETY_MARGIN: String(margin),
    HEX_SEMAPHORE_ID: 'bench-semaphore',
    LOG_LEVEL: 'WARN',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`worker ${index} exited with code ${code}`);
  });
  return child;
}

async function main(): Promise<void> {
  const server = await startDevServer({ headless: true });
  const rateLimits: SimRateLimits = {
    runPerMinute: scenario!.runPerMinute,
    runPerHour: scenario!.runPerHour,
    otherPerMinute: scenario!.otherPerMinute,
    otherPerHour: scenario!.otherPerHour,
  };
  const runDurations = durations(runs);
  const outcomes: SimProjectOutcome[] = runDurations.map((runningMs) => ({
    status: 'COMPLETED',
    pendingMs: 1000,
    runningMs,
  }));
  const sim = await HexSimulator.start({
    tokens: [TOKEN],
    timeScale,
    rateLimits,
    kernelLimit: scenario!.kernelLimit,
    projects: [{ projectId: PROJECT, title: 'Benchmark', outcomes }],
  });
  const workers = Array.from({ length: workerCount }, (_, index) => startWorker(index, sim, server.address));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  try {
    // Give the workers time to connect, so that the clock measures the runs, not process start-up.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    console.error(
      `Starting ${runs} runs (scenario ${values.scenario}, time scale ${timeScale}, ${workerCount} workers)`
    );
    const started = Date.now();
    const handles = await Promise.all(
      Array.from({ length: runs }, (_, i) =>
        client.workflow.start('runHexProject', {
          taskQueue: TASK_QUEUE,
          workflowId: `bench-${started}-${i}`,
          args: [{ projectId: PROJECT, waitLimit: '24h' }],
        })
      )
    );
    const outcomesSeen = await Promise.all(
      handles.map((handle) =>
        handle.result().then(
          (result: { status: string }) => result.status,
          (error: unknown) => `failed: ${String(error)}`
        )
      )
    );
    const realMs = Date.now() - started;
    const stats = sim.stats();
    const completed = outcomesSeen.filter((status) => status === 'COMPLETED').length;
    const minimumSimMs = earliestFinish(scenario!, runDurations, 1000);
    const report = {
      scenario: values.scenario,
      runs,
      workers: workerCount,
      timeScale,
      safetyMargin: margin,
      completed,
      failed: runs - completed,
      rateLimited429: stats.rateLimited,
      violations: stats.violations,
      maxRunningKernels: stats.maxRunningKernels,
      maxInFlightRuns: stats.maxInFlightRuns,
      queuedForKernel: stats.queuedForKernel,
      statusRequestsPerRun: Number(((stats.requests.byRoute.getRunStatus ?? 0) / runs).toFixed(2)),
      otherRequests: stats.requests.total - (stats.requests.byRoute.runProject ?? 0),
      totalSimMinutes: Number(((realMs * timeScale) / 60_000).toFixed(1)),
      minimumSimMinutes: Number((minimumSimMs / 60_000).toFixed(1)),
      ratioToMinimum: Number(((realMs * timeScale) / minimumSimMs).toFixed(3)),
      realSeconds: Number((realMs / 1000).toFixed(1)),
    };
    console.log(JSON.stringify(report, null, 2));
    process.exitCode = completed === runs && stats.rateLimited === 0 ? 0 : 1;
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    await connection.close();
    await sim.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error('Benchmark failed:', error);
  process.exit(1);
});
