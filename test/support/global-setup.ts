// Starts the real Temporal dev server once for all test files and bundles the workflows once.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/devserver/temporal-dev-server.js';
import { workflowsPath } from '../../src/worker/create-worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

/** The dev server's pid, so that a later run stops one that a killed run left behind. */
const PID_FILE = fileURLToPath(new URL('../../.tools/test-dev-server.pid', import.meta.url));

function stopLeftoverServer(): void {
  if (!existsSync(PID_FILE)) return;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  const stat = `/proc/${pid}/stat`;
  if (!Number.isInteger(pid) || !existsSync(stat)) return;
  // Only an orphaned temporal dev server (its parent gone, so now 1): a server whose test run still lives, in
  // another terminal for example, is left alone, and so is an unrelated process that reuses the pid.
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const orphaned = fields[1] === '1';
  if (orphaned && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start-dev')) process.kill(pid, 'SIGTERM');
}

export default async function setup(project: TestProject) {
  stopLeftoverServer();
  const server = await startDevServer({ headless: true });
  mkdirSync(dirname(PID_FILE), { recursive: true });
  if (server.process.pid !== undefined) writeFileSync(PID_FILE, String(server.process.pid));
  const folder = mkdtempSync(join(tmpdir(), 'hex-temporal-test-'));
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: undefined });
  const bundlePath = join(folder, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', server.cliPath);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
}
