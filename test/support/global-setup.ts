// Starts the real Temporal dev server once for all test files and bundles the workflows once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export default async function setup(project: TestProject) {
  const server = await startDevServer({ headless: true });
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
