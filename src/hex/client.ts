// Typed client for Hex's public API. Used only by activities: Temporal's retry policies do every retry,
// so got's own retries are off and each call fails fast with a HexApiError.
import got, { RequestError, type Got, type Method } from 'got';
import { HexApiError, parseRetryAfter, readErrorBody } from './errors.js';
import type {
  HexProject,
  HexProjectList,
  HexRunListResponse,
  HexRunRequestBody,
  HexRunResponse,
  HexRunStatusResponse,
  ListProjectsOptions,
  ListRunsOptions,
} from './types.js';

export const DEFAULT_HEX_BASE_URL = 'https://app.hex.tech/api';

export interface HexClientOptions {
  /** API base, ending before `/v1`. Default https://app.hex.tech/api; EU and single-tenant hosts differ. */
  baseUrl?: string;
  /** Bearer token. Kept in this object only: never logged and never part of an error. */
  token: string;
  /** Limit for one request, in milliseconds, connection included. Default 30,000. */
  timeoutMs?: number;
}

export interface RequestOptions {
  /** Aborts the request, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
}

interface CallSpec {
  method: Method;
  /** Path after the base URL, e.g. v1/projects/{id}/runs; ids are already encoded. */
  path: string;
  /** Method and path, ids included, used in error messages; never the host's credentials or the token. */
  operation: string;
  searchParams?: Record<string, string | number | boolean>;
  json?: unknown;
  signal?: AbortSignal;
}

export class HexClient {
  readonly baseUrl: string;
  readonly #http: Got;

  constructor(options: HexClientOptions) {
    if (!options.token) throw new Error('A Hex API token is required: set HEX_API_TOKEN');
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_HEX_BASE_URL);
    const token = options.token;
    this.#http = got.extend({
      prefixUrl: this.baseUrl,
      retry: { limit: 0 },
      timeout: { request: options.timeoutMs ?? 30_000 },
      throwHttpErrors: false,
      responseType: 'text',
      headers: { accept: 'application/json', 'user-agent': 'hex-temporal' },
      hooks: {
        // Added per request so that the header never sits in a shared options object that might be printed.
        beforeRequest: [
          (request) => {
            request.headers.authorization = `Bearer ${token}`;
          },
        ],
      },
    });
  }

  /** Starts a run of the project's published version: `POST /v1/projects/{projectId}/runs`, 201. */
  runProject(projectId: string, body: HexRunRequestBody, options: RequestOptions = {}): Promise<HexRunResponse> {
    return this.#call<HexRunResponse>({
      method: 'POST',
      path: `v1/projects/${encodeURIComponent(projectId)}/runs`,
      operation: `POST /v1/projects/${projectId}/runs`,
      json: body,
      signal: options.signal,
    });
  }

  getRunStatus(projectId: string, runId: string, options: RequestOptions = {}): Promise<HexRunStatusResponse> {
    return this.#call<HexRunStatusResponse>({
      method: 'GET',
      path: `v1/projects/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(runId)}`,
      operation: `GET /v1/projects/${projectId}/runs/${runId}`,
      signal: options.signal,
    });
  }

  /** Cancels a run: `DELETE /v1/projects/{projectId}/runs/{runId}`, 204 with an empty body. */
  async cancelRun(projectId: string, runId: string, options: RequestOptions = {}): Promise<void> {
    await this.#call<undefined>({
      method: 'DELETE',
      path: `v1/projects/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(runId)}`,
      operation: `DELETE /v1/projects/${projectId}/runs/${runId}`,
      signal: options.signal,
    });
  }

  /** Lists a project's runs, newest first. In Hex's 2025 API only API-triggered runs are listed. */
  listRuns(projectId: string, query: ListRunsOptions = {}, options: RequestOptions = {}): Promise<HexRunListResponse> {
    return this.#call<HexRunListResponse>({
      method: 'GET',
      path: `v1/projects/${encodeURIComponent(projectId)}/runs`,
      operation: `GET /v1/projects/${projectId}/runs`,
      searchParams: definedEntries(query),
      signal: options.signal,
    });
  }

  /** Lists projects; pass `pagination.after` of one page as `after` to get the next. */
  listProjects(query: ListProjectsOptions = {}, options: RequestOptions = {}): Promise<HexProjectList> {
    return this.#call<HexProjectList>({
      method: 'GET',
      path: 'v1/projects',
      operation: 'GET /v1/projects',
      searchParams: definedEntries(query),
      signal: options.signal,
    });
  }

  getProject(projectId: string, options: RequestOptions = {}): Promise<HexProject> {
    return this.#call<HexProject>({
      method: 'GET',
      path: `v1/projects/${encodeURIComponent(projectId)}`,
      operation: `GET /v1/projects/${projectId}`,
      signal: options.signal,
    });
  }

  async #call<T>(spec: CallSpec): Promise<T> {
    const isRunRequest = spec.method === 'POST';
    let response;
    try {
      response = await this.#http(spec.path, {
        method: spec.method,
        searchParams: spec.searchParams,
        json: spec.json,
        signal: spec.signal,
      });
    } catch (error) {
      throw translateRequestError(error, spec.operation, isRunRequest);
    }

    const traceHeader = response.headers['x-trace-id'];
    const headerTraceId = typeof traceHeader === 'string' ? traceHeader : undefined;
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      const body = readErrorBody(response.body);
      throw new HexApiError({
        kind: 'http',
        operation: spec.operation,
        statusCode: status,
        code: body.code,
        hexMessage: body.hexMessage,
        traceId: body.traceId ?? headerTraceId,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        // A run request that got a 5xx other than 503 may have started a run before the failure.
        mayHaveStartedRun: isRunRequest && status >= 500 && status !== 503,
      });
    }
    if (status === 204 || response.body === '') return undefined as T;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new HexApiError({
        kind: 'malformed-response',
        operation: spec.operation,
        statusCode: status,
        traceId: headerTraceId,
        mayHaveStartedRun: isRunRequest,
      });
    }
  }
}

function translateRequestError(error: unknown, operation: string, isRunRequest: boolean): HexApiError {
  if (error instanceof RequestError) {
    const code = error.code;
    if (code === 'ERR_ABORTED' || error.name === 'AbortError') {
      return new HexApiError({ kind: 'cancelled', operation, code, mayHaveStartedRun: isRunRequest });
    }
    if (code === 'ETIMEDOUT') {
      return new HexApiError({ kind: 'timeout', operation, code, mayHaveStartedRun: isRunRequest });
    }
    // The request never left when the connection could not be made.
    const notSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code);
    return new HexApiError({ kind: 'network', operation, code, mayHaveStartedRun: isRunRequest && !notSent });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new HexApiError({ kind: 'cancelled', operation, mayHaveStartedRun: isRunRequest });
  }
  return new HexApiError({ kind: 'network', operation, mayHaveStartedRun: isRunRequest });
}

/** Checks and normalizes a base URL: http(s), no trailing slash, no query. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `Invalid Hex base URL ${JSON.stringify(raw)}: expected an absolute URL such as ${DEFAULT_HEX_BASE_URL}`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid Hex base URL ${JSON.stringify(raw)}: use http or https`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `Invalid Hex base URL ${JSON.stringify(url.origin + url.pathname)}: remove credentials, query and fragment; the token goes in HEX_API_TOKEN`
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function definedEntries(query: object): Record<string, string | number | boolean> {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== null);
  return Object.fromEntries(entries);
}
