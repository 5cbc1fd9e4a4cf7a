import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { handleRoute, type ApiCall, type ApiRoute } from './api-handlers.js';
import type { SimulatorContext } from './context.js';
import { errorReply, unauthorizedReply } from './error-bodies.js';
import { newTraceId, parseJson, textReply, writeReply, type Reply } from './http-io.js';
import { HEX_RATE_LIMITS, retryAfterSeconds, type RateBucket } from './rate-limits.js';
import type { SimFault } from './types.js';

/** Matches a method and path under `/api` to one of Hex's run and project routes. */
export function matchApiRoute(method: string, pathname: string): ApiRoute | undefined {
  const match = /^\/api\/v1\/projects(?:\/([^/]+)(?:\/(runs)(?:\/([^/]+))?)?)?$/.exec(pathname);
  if (match === null) return undefined;
  const [, rawProjectId, runs, rawRunId] = match;
  const projectId = rawProjectId === undefined ? undefined : safeDecode(rawProjectId);
  const runId = rawRunId === undefined ? undefined : safeDecode(rawRunId);

  if (projectId === undefined) return method === 'GET' ? { name: 'listProjects' } : undefined;
  if (runs === undefined) return method === 'GET' ? { name: 'getProject', projectId } : undefined;
  if (runId === undefined) {
    if (method === 'POST') return { name: 'runProject', projectId };
    return method === 'GET' ? { name: 'listRuns', projectId } : undefined;
  }
  if (method === 'GET') return { name: 'getRunStatus', projectId, runId };
  return method === 'DELETE' ? { name: 'cancelRun', projectId, runId } : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Returns the token of an `Authorization: Bearer <token>` header, the only scheme Hex accepts. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Handles one Hex API request: token check, route match, rate limit, injected fault, then the route itself.
 * A 401 comes first, even for unknown paths, because Hex checks tokens at its edge.
 */
export async function handleApiRequest(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  const traceId = newTraceId();
  const route = matchApiRoute(req.method ?? 'GET', url.pathname);
  countResponses(context, res, route?.name ?? 'unknown');
  const send = (reply: Reply): void => writeReply(res, reply, traceId);

  const token = bearerToken(req.headers.authorization);
  if (token === undefined || !context.options.tokens.includes(token)) return send(unauthorizedReply());
  if (route === undefined) {
    const details = `No API route matches ${req.method ?? 'GET'} ${url.pathname}.`;
    return send(errorReply(context.options.errorShape, 404, traceId, 'Not found', details));
  }

  const limited = admitRequest(context, token, route.name === 'runProject' ? 'run' : 'other', traceId);
  if (limited !== undefined) return send(limited);

  const call: ApiCall = { route, req, url, token, traceId };
  const fault = context.faults.take(route.name, route.projectId);
  if (fault === undefined) return send(await handleRoute(context, call));
  await applyFault(context, call, fault, res, send);
}

function countResponses(context: SimulatorContext, res: ServerResponse, routeName: string): void {
  context.counters.countRequest(routeName);
  let counted = false;
  const count = (status: number | 'noResponse'): void => {
    if (counted) return;
    counted = true;
    context.counters.countResponse(status);
  };
  res.on('finish', () => count(res.statusCode));
  res.on('close', () => count(res.headersSent ? res.statusCode : 'noResponse'));
}

/**
 * Uses up one request of the token's budget, or returns the 429 to send. While enforcement is off, requests over
 * Hex's default limits are served but still counted as violations.
 */
function admitRequest(
  context: SimulatorContext,
  token: string,
  bucket: RateBucket,
  traceId: string
): Reply | undefined {
  const enforced = context.options.rateLimits;
  const limits = enforced === false ? HEX_RATE_LIMITS : enforced;
  const decision = context.limiter.check(token, bucket, limits, context.options.timeScale);
  if (decision.allowed) {
    context.limiter.record(token, bucket);
    return undefined;
  }
  context.counters.countViolation(bucket);
  if (enforced === false) return undefined;

  context.counters.rateLimited += 1;
  const perMinute = bucket === 'run' ? limits.runPerMinute : limits.otherPerMinute;
  const perHour = bucket === 'run' ? limits.runPerHour : limits.otherPerHour;
  const details = `This token may send ${perMinute} ${bucket} requests a minute and ${perHour} an hour.`;
  const reply = errorReply(context.options.errorShape, 429, traceId, 'Too many requests', details);
  if (context.options.retryAfterHeader) {
    reply.headers = { 'retry-after': String(retryAfterSeconds(decision.retryAfterRealMs)) };
  }
  return reply;
}

async function applyFault(
  context: SimulatorContext,
  call: ApiCall,
  fault: SimFault,
  res: ServerResponse,
  send: (reply: Reply) => void
): Promise<void> {
  const shape = context.options.errorShape;
  switch (fault.kind) {
    case 'status': {
      // Hex's edge sends its 401 as plain text, so an injected 401 without a body does the same.
      if (fault.status === 401 && fault.body === undefined) return send(unauthorizedReply());
      const reason = `Simulated ${fault.status} ${STATUS_CODES[fault.status] ?? 'error'}`;
      return send(fault.body === undefined ? errorReply(shape, fault.status, call.traceId, reason) : rawReply(fault));
    }
    case 'rateLimit': {
      const reply = errorReply(shape, 429, call.traceId, 'Too many requests');
      if (fault.retryAfterSeconds !== undefined) reply.headers = { 'retry-after': String(fault.retryAfterSeconds) };
      return send(reply);
    }
    case 'reset':
      res.socket?.destroy();
      return;
    case 'malformedJson': {
      const { projectId = null, runId = null } = call.route;
      const whole = JSON.stringify({ projectId, runId, traceId: call.traceId });
      const truncated = whole.slice(0, Math.floor(whole.length / 2));
      const status = call.route.name === 'runProject' ? 201 : 200;
      return send(textReply(status, truncated, 'application/json; charset=utf-8'));
    }
    case 'delay': {
      const reply = await handleRoute(context, call);
      context.schedule(() => send(reply), fault.ms);
      return;
    }
    case 'dropResponse':
      await handleRoute(context, call);
      res.socket?.destroy();
      return;
  }
}

/** Sends an injected body verbatim, labelled JSON when it parses as JSON and HTML when it looks like a page. */
function rawReply(fault: { status: number; body?: string }): Reply {
  const body = fault.body ?? '';
  if (parseJson(body) !== undefined) return textReply(fault.status, body, 'application/json; charset=utf-8');
  return textReply(fault.status, body, body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : undefined);
}
