import type { SimProject } from './types.js';

/** Projects that cover each Hex run outcome. Other parts of the repository rely on these ids. */
export const sampleProjects: SimProject[] = [
  {
    projectId: '11111111-1111-4111-8111-111111111111',
    title: 'Daily revenue',
    outcomes: [{ status: 'COMPLETED', pendingMs: 500, runningMs: 3000 }],
    inputs: { region: 'string', days: 'number' },
  },
  {
    projectId: '22222222-2222-4222-8222-222222222222',
    title: 'Broken notebook',
    outcomes: [{ status: 'ERRORED', pendingMs: 200, runningMs: 1000 }],
  },
  {
    projectId: '33333333-3333-4333-8333-333333333333',
    title: 'Busy workspace',
    // The first run gets no kernel, and running the project again succeeds.
    outcomes: [
      { status: 'UNABLE_TO_ALLOCATE_KERNEL', pendingMs: 1000 },
      { status: 'COMPLETED', pendingMs: 200, runningMs: 1000 },
    ],
  },
  {
    projectId: '44444444-4444-4444-8444-444444444444',
    title: 'Long refresh',
    outcomes: [{ status: 'COMPLETED', pendingMs: 200, runningMs: 10 * 60_000 }],
  },
  {
    projectId: '55555555-5555-4555-8555-555555555555',
    title: 'Quick check',
    outcomes: [{ status: 'COMPLETED', pendingMs: 100, runningMs: 300 }],
  },
  {
    projectId: '66666666-6666-4666-8666-666666666666',
    title: 'Stopped by owner',
    outcomes: [{ status: 'KILLED', pendingMs: 200, runningMs: 1000 }],
  },
];
