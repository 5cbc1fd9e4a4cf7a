import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAdminRequest, type SimulatorControl } from './admin-routes.js';
import { handleApiRequest } from './api-routes.js';
import { applyOptions, resolveOptions, type ResolvedOptions, type SimulatorContext } from './context.js';
import { errorReply } from './error-bodies.js';
import { FaultQueue } from './faults.js';
import { newTraceId, writeReply } from './http-io.js';
import { ProjectRegistry, validateProject } from './projects.js';
import { RateLimiter } from './rate-limits.js';
import { runPageReply } from './run-page.js';
import { RunStore } from './run-store.js';
import { RequestCounters } from './stats.js';
import type { SimFault, SimMutableOptions, SimProject, SimRunRecord, SimStats, SimulatorOptions } from './types.js';

/**
 * An HTTP server on 127.0.0.1 that behaves like Hex's public API (`/api/v1/...`) for runs and projects, with
 * rate limits, a per-token kernel limit and injectable faults. It also serves run pages under `/app/...` and an
 * admin API under `/_simulator/`.
 */
export class HexSimulator implements SimulatorControl {
  readonly port: number;
  /** API base, `http://127.0.0.1:PORT/api`. Paths are under `/api/v1/...`. */
  readonly baseUrl: string;
  private readonly context: SimulatorContext;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: ResolvedOptions
  ) {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The simulator is not listening on TCP.');
    this.port = address.port;
    this.baseUrl = `http://127.0.0.1:${this.port}/api`;
    const projects = new ProjectRegistry();
    this.context = {
      options,
      projects,
      runs: new RunStore(() => options),
      limiter: new RateLimiter(),
      faults: new FaultQueue(),
      counters: new RequestCounters(),
      baseUrl: this.baseUrl,
      publicUrl: options.publicUrl ?? `http://127.0.0.1:${this.port}`,
      schedule: (callback, realMs) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          callback();
        }, realMs);
        this.timers.add(timer);
      },
    };
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.dispatch(req, res));
  }

  /** Starts a simulator on `options.host` (default 127.0.0.1) and resolves once it listens. */
  static async start(options: SimulatorOptions = {}): Promise<HexSimulator> {
    const resolved = resolveOptions(options);
    const projects = (options.projects ?? []).map(validateProject);
    const server = createServer({ keepAliveTimeout: 5_000 });
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const simulator = new HexSimulator(server, resolved);
    for (const project of projects) simulator.addProject(project);
    return simulator;
  }

  /** Adds a project, or replaces the project with the same id. */
  addProject(project: SimProject): void {
    this.context.projects.add(validateProject(project));
  }

  projects(): SimProject[] {
    return this.context.projects.all();
  }

  /** Queues a fault. Faults are matched in the order they were queued, and each request gets at most one. */
  injectFault(fault: SimFault): void {
    this.context.faults.add(fault);
  }

  clearFaults(): void {
    this.context.faults.clear();
  }

  /** Changes options while running. A new time scale applies to timers started afterwards. */
  setOptions(partial: SimMutableOptions): void {
    applyOptions(this.options, partial);
    if (partial.kernelLimit !== undefined) this.context.runs.applyKernelLimit();
  }

  stats(): SimStats {
    return this.context.counters.snapshot(this.context.runs);
  }

  /** Returns a copy of every run created, oldest first, token included. */
  runs(): SimRunRecord[] {
    return this.context.runs.all().map((run) => structuredClone(run.record));
  }

  getRun(runId: string): SimRunRecord | undefined {
    const run = this.context.runs.get(runId);
    return run === undefined ? undefined : structuredClone(run.record);
  }

  /** Forgets runs, counters, rate-limit windows and faults, but keeps projects and options. */
  reset(): void {
    this.context.runs.reset();
    this.context.limiter.reset();
    this.context.counters.reset();
    this.context.faults.clear();
  }

  /** Stops run timers and delayed replies, closes the server and destroys open sockets. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.context.runs.stopTimers();
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close((error) => (error === undefined ? resolve() : reject(error)));
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      const traceId = newTraceId();
      return writeReply(res, errorReply(this.options.errorShape, 400, traceId, 'Invalid request URL'), traceId);
    }
    const handling = url.pathname.startsWith('/_simulator/')
      ? handleAdminRequest(this, req, res, url)
      : this.handlePublicRequest(req, res, url);
    handling.catch((error: unknown) => {
      // Reaching this is a simulator bug. The log line names the method and path, never a header or the query.
      console.error(`Hex simulator: ${req.method ?? 'GET'} ${url.pathname} failed:`, error);
      const traceId = newTraceId();
      writeReply(res, errorReply(this.options.errorShape, 500, traceId, 'Internal simulator error'), traceId);
    });
  }

  private async handlePublicRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET') {
      const page = runPageReply(this.context, url.pathname);
      if (page !== undefined) return writeReply(res, page, newTraceId());
    }
    await handleApiRequest(this.context, req, res, url);
  }
}

export { sampleProjects } from './sample-projects.js';
export type * from './types.js';
