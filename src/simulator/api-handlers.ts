import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HexRunListResponse } from '../hex/types.js';
import type { SimulatorContext } from './context.js';
import { errorReply } from './error-bodies.js';
import { BodyTooLargeError, emptyReply, jsonReply, readBody, type Reply } from './http-io.js';
import { runResponse, runStatusResponse } from './payloads.js';
import { parseBooleanParam, parseEnumParam, parseIntegerParam } from './query-params.js';
import { checkRunRequest } from './run-request.js';
import { HEX_RUN_STATUSES, type StoredRun } from './run-store.js';
import type { SimRoute } from './types.js';

/** A request matched to one of Hex's run and project routes. */
export interface ApiRoute {
  name: SimRoute;
  projectId?: string;
  runId?: string;
}

/** Request data passed to a route handler besides the context. */
export interface ApiCall {
  route: ApiRoute;
  req: IncomingMessage;
  url: URL;
  token: string;
  traceId: string;
}

/** Does the route's work and builds its reply. */
export async function handleRoute(context: SimulatorContext, call: ApiCall): Promise<Reply> {
  switch (call.route.name) {
    case 'runProject':
      return runProject(context, call);
    case 'getRunStatus':
      return withRun(context, call, (run) => jsonReply(200, runStatusResponse(context, run, call.traceId)));
    case 'cancelRun':
      return withRun(context, call, (run) => {
        context.runs.cancel(run);
        return emptyReply(204);
      });
    case 'listRuns':
      return listRuns(context, call);
    case 'listProjects':
      return listProjects(context, call);
    case 'getProject':
      return getProject(context, call);
  }
}

function notFound(context: SimulatorContext, traceId: string, what: string): Reply {
  return errorReply(context.options.errorShape, 404, traceId, `${what} not found`);
}

function badQuery(context: SimulatorContext, traceId: string, details: string): Reply {
  return errorReply(context.options.errorShape, 400, traceId, 'Invalid query parameters', details);
}

async function runProject(context: SimulatorContext, call: ApiCall): Promise<Reply> {
  const { traceId } = call;
  const projectId = call.route.projectId ?? '';
  const project = context.projects.get(projectId);
  if (project === undefined) return notFound(context, traceId, 'Project');

  let text: string;
  try {
    text = await readBody(call.req);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return errorReply(context.options.errorShape, 413, traceId, 'Request body too large', error.message);
  }
  const check = checkRunRequest(text, project);
  if (!check.ok && 'invalid' in check) {
    return jsonReply(422, { traceId, invalid: check.invalid, notFound: check.notFound });
  }
  if (!check.ok) return errorReply(context.options.errorShape, check.status, traceId, check.reason, check.details);

  if (check.request.dryRun) {
    // Hex returns a dummy response to a dry run and runs nothing, so the run id leads nowhere.
    return jsonReply(201, runResponse(context, projectId, randomUUID(), traceId));
  }
  const run = context.runs.create(project, call.token, check.request.inputParams);
  context.counters.runsCreated += 1;
  return jsonReply(201, runResponse(context, projectId, run.record.runId, traceId));
}

/** Looks up the route's run within its project, and responds 404 when either is unknown. */
function withRun(context: SimulatorContext, call: ApiCall, handle: (run: StoredRun) => Reply): Reply {
  const { projectId, runId } = call.route;
  if (projectId === undefined || context.projects.get(projectId) === undefined) {
    return notFound(context, call.traceId, 'Project');
  }
  const run = runId === undefined ? undefined : context.runs.get(runId);
  if (run === undefined || run.record.projectId !== projectId) return notFound(context, call.traceId, 'Run');
  return handle(run);
}

function listRuns(context: SimulatorContext, call: ApiCall): Reply {
  const { traceId } = call;
  const projectId = call.route.projectId ?? '';
  if (context.projects.get(projectId) === undefined) return notFound(context, traceId, 'Project');

  const params = call.url.searchParams;
  const limit = parseIntegerParam(params, 'limit', { min: 1, max: 100, default: 25 });
  if (!limit.ok) return badQuery(context, traceId, limit.details);
  const offset = parseIntegerParam(params, 'offset', { min: 0, default: 0 });
  if (!offset.ok) return badQuery(context, traceId, offset.details);
  const statusFilter = parseEnumParam(params, 'statusFilter', HEX_RUN_STATUSES);
  if (!statusFilter.ok) return badQuery(context, traceId, statusFilter.details);

  const runs = context.runs.listForProject(projectId, statusFilter.value);
  const page = runs.slice(offset.value, offset.value + limit.value);
  const pageUrl = (pageOffset: number): string => {
    const query = new URLSearchParams({ limit: String(limit.value), offset: String(pageOffset) });
    if (statusFilter.value !== undefined) query.set('statusFilter', statusFilter.value);
    return `${context.baseUrl}/v1/projects/${projectId}/runs?${query.toString()}`;
  };
  const body: HexRunListResponse = {
    runs: page.map((run) => runStatusResponse(context, run, traceId)),
    nextPage: offset.value + limit.value < runs.length ? pageUrl(offset.value + limit.value) : null,
    previousPage: offset.value > 0 ? pageUrl(Math.max(0, offset.value - limit.value)) : null,
    traceId,
  };
  return jsonReply(200, body);
}

function listProjects(context: SimulatorContext, call: ApiCall): Reply {
  const list = context.projects.list(call.url.searchParams);
  if (!list.ok) return badQuery(context, call.traceId, list.details);
  // The spec forbids extra fields in project bodies, so their trace id is only in the x-trace-id header.
  return jsonReply(200, list.value);
}

function getProject(context: SimulatorContext, call: ApiCall): Reply {
  const includeSharing = parseBooleanParam(call.url.searchParams, 'includeSharing');
  if (!includeSharing.ok) return badQuery(context, call.traceId, includeSharing.details);
  const resource = context.projects.resource(call.route.projectId ?? '', includeSharing.value);
  if (resource === undefined) return notFound(context, call.traceId, 'Project');
  return jsonReply(200, resource);
}
