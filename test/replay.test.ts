// Replays recorded runHexProject histories against the current workflow code: a failure here means a change
// would break workflows that are running. scripts/record-replay-histories.ts records them again, on purpose only.
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, it } from 'vitest';
import { inject } from 'vitest';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('runHexProject replay', () => {
  it.each(['run-hex-project-completed.json', 'run-hex-project-cancelled.json'])('replays %s', async (name) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, fixture(name));
  });
});
