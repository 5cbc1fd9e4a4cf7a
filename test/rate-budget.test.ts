// Status requests share Hex's per-token budget through the rate-limited task queue: with more runs in flight each
// run is polled less often, the total stays within the limit, and every run still ends on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

const PROJECT = 'f2000000-0000-4000-8000-000000000001';
const RUN_MS = 3000;
/** The status budget under test: 120 a minute, 2 a second. */
const OTHER_PER_MINUTE = 120;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    simulator: {
      projects: [
        {
          projectId: PROJECT,
          title: 'Three seconds',
          outcomes: [{ status: 'COMPLETED', pendingMs: 0, runningMs: RUN_MS }],
        },
      ],
    },
    settings: { pollIntervalMs: 100, maxPollIntervalMs: 100, limits: { otherRequestsPerMinute: OTHER_PER_MINUTE } },
  });
});

afterAll(async () => {
  await h?.close();
});

/** Runs `count` runs at once; returns status requests per run and per second, and the longest wait after a run ended. */
async function measure(count: number) {
  const before = h.sim.stats().requests.byRoute.getRunStatus ?? 0;
  const started = Date.now();
  const handles = await Promise.all(Array.from({ length: count }, () => h.startRun({ projectId: PROJECT })));
  const results = await Promise.all(
    handles.map(async (handle) => ({ result: (await handle.result()) as { runId: string }, seenAt: Date.now() }))
  );
  const seconds = (Date.now() - started) / 1000;
  const statusRequests = (h.sim.stats().requests.byRoute.getRunStatus ?? 0) - before;
  const lateness = results.map(({ result, seenAt }) => seenAt - (h.sim.getRun(result.runId)?.endedAt ?? seenAt));
  return { perRun: statusRequests / count, perSecond: statusRequests / seconds, maxLatenessMs: Math.max(...lateness) };
}

describe('status request budget', () => {
  it('polls each run less often as more runs share the token', async () => {
    const alone = await measure(1);
    const shared = await measure(8);

    expect(shared.perRun).toBeLessThan(alone.perRun);
    // The queue's rate limit keeps the total within the budget (plus one second of burst).
    expect(shared.perSecond).toBeLessThanOrEqual((OTHER_PER_MINUTE / 60) * 1.25 + 1);
    // Eight runs at two polls a second: each is polled about every 4 s, so an end is seen within a few seconds.
    expect(shared.maxLatenessMs).toBeLessThan(8 * (60_000 / OTHER_PER_MINUTE) * 2 + 2000);
  });
});
