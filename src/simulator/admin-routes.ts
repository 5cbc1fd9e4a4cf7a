import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReply } from './error-bodies.js';
import { emptyReply, jsonReply, newTraceId, parseJson, readBody, writeReply, type Reply } from './http-io.js';
import type { SimFault, SimMutableOptions, SimProject, SimRunRecord, SimStats } from './types.js';

/** The part of HexSimulator that the admin API drives. */
export interface SimulatorControl {
  addProject(project: SimProject): void;
  injectFault(fault: SimFault): void;
  clearFaults(): void;
  setOptions(partial: SimMutableOptions): void;
  stats(): SimStats;
  runs(): SimRunRecord[];
  projects(): SimProject[];
  reset(): void;
}

const MUTABLE_OPTIONS = ['rateLimits', 'retryAfterHeader', 'errorShape', 'timeScale', 'kernelLimit'];
const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/**
 * Handles `/_simulator/...`: stats, runs, projects, faults, reset and options. It takes no token, so it rejects
 * clients other than loopback ones, and the run records it returns leave out the token.
 */
export async function handleAdminRequest(
  control: SimulatorControl,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  const traceId = newTraceId();
  if (!LOOPBACK_ADDRESSES.includes(req.socket.remoteAddress ?? '')) {
    return writeReply(res, errorReply('reason', 403, traceId, 'The admin API accepts only loopback clients'), traceId);
  }
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  let reply: Reply;
  try {
    reply = await adminReply(control, route, req, traceId);
  } catch (error) {
    // Invalid projects, faults and options throw TypeError or RangeError with a message that names the field.
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    reply = errorReply('reason', 400, traceId, 'Invalid admin request', error.message);
  }
  writeReply(res, reply, traceId);
}

async function adminReply(
  control: SimulatorControl,
  route: string,
  req: IncomingMessage,
  traceId: string
): Promise<Reply> {
  switch (route) {
    case 'GET /_simulator/stats':
      return jsonReply(200, control.stats());
    case 'GET /_simulator/runs':
      return jsonReply(200, control.runs().map(withoutToken));
    case 'GET /_simulator/projects':
      return jsonReply(200, control.projects());
    case 'POST /_simulator/projects': {
      const project = await readJsonBody(req);
      control.addProject(project as SimProject);
      return jsonReply(201, project);
    }
    case 'POST /_simulator/faults': {
      const fault = await readJsonBody(req);
      control.injectFault(fault as SimFault);
      return jsonReply(201, fault);
    }
    case 'DELETE /_simulator/faults':
      control.clearFaults();
      return emptyReply(204);
    case 'POST /_simulator/reset':
      control.reset();
      return emptyReply(204);
    case 'POST /_simulator/options': {
      const options = await readJsonBody(req);
      if (typeof options !== 'object' || options === null) throw new TypeError('Options must be a JSON object.');
      const unknownKeys = Object.keys(options).filter((key) => !MUTABLE_OPTIONS.includes(key));
      if (unknownKeys.length > 0) {
        throw new TypeError(
          `Options ${unknownKeys.join(', ')} cannot be changed; expected ${MUTABLE_OPTIONS.join(', ')}.`
        );
      }
      control.setOptions(options);
      return emptyReply(204);
    }
    default:
      return errorReply('reason', 404, traceId, 'Not found', `No admin route matches ${route}.`);
  }
}

/** Copies a run record without its token, which must not leave the process. */
function withoutToken(record: SimRunRecord): Omit<SimRunRecord, 'token'> {
  const copy: Partial<SimRunRecord> = { ...record };
  delete copy.token;
  return copy as Omit<SimRunRecord, 'token'>;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const value = parseJson(await readBody(req));
  if (value === undefined) throw new TypeError('The request body must be JSON.');
  return value;
}
