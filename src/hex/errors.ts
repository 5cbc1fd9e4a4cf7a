// Reads Hex's error responses (all three shapes) into one error type that names what failed and the fix.
import { isPlainObject } from './run-options.js';

export type HexErrorKind = 'http' | 'network' | 'timeout' | 'malformed-response' | 'cancelled';

export interface HexApiErrorFields {
  kind: HexErrorKind;
  /** The failed API call, e.g. "POST /v1/projects/5a8591dd-.../runs"; never the token. */
  operation: string;
  statusCode?: number;
  /** Hex's `code` (2026 shape) or the network error code, such as ECONNRESET. */
  code?: string;
  /** Hex's own explanation: `reason` or `message`, plus `details`, `issues` and input problems. */
  hexMessage?: string;
  traceId?: string;
  /** Milliseconds to wait before the next attempt, from a `Retry-After` header. */
  retryAfterMs?: number;
  /** Whether a POST that failed this way may still have started a run at Hex. */
  mayHaveStartedRun: boolean;
}

/** HTTP statuses that no retry can fix: the request or the token must change first. */
export const NON_RETRYABLE_STATUSES = [400, 401, 403, 404, 405, 409, 410, 413, 415, 422];

export class HexApiError extends Error {
  override readonly name = 'HexApiError';
  readonly kind: HexErrorKind;
  readonly operation: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly hexMessage?: string;
  readonly traceId?: string;
  readonly retryAfterMs?: number;
  readonly mayHaveStartedRun: boolean;

  constructor(fields: HexApiErrorFields) {
    super(composeMessage(fields));
    this.kind = fields.kind;
    this.operation = fields.operation;
    this.statusCode = fields.statusCode;
    this.code = fields.code;
    this.hexMessage = fields.hexMessage;
    this.traceId = fields.traceId;
    this.retryAfterMs = fields.retryAfterMs;
    this.mayHaveStartedRun = fields.mayHaveStartedRun;
  }

  get retryable(): boolean {
    if (this.kind === 'http') return !NON_RETRYABLE_STATUSES.includes(this.statusCode ?? 0);
    return this.kind !== 'cancelled';
  }

  get rateLimited(): boolean {
    return this.statusCode === 429;
  }

  /** A stable name for the failure, used as the Temporal failure type, e.g. HexNotFound. */
  get failureType(): string {
    switch (this.statusCode) {
      case 400:
        return 'HexBadRequest';
      case 401:
        return 'HexUnauthorized';
      case 403:
        return 'HexForbidden';
      case 404:
        return 'HexNotFound';
      case 422:
        return 'HexUnprocessableContent';
      case 429:
        return 'HexRateLimited';
    }
    if (this.kind === 'http') return (this.statusCode ?? 0) >= 500 ? 'HexServerError' : 'HexHttpError';
    return this.kind === 'timeout' ? 'HexTimeout' : 'HexNetworkError';
  }
}

const FIXES: Record<number, string> = {
  400: 'Fix the request as the message says.',
  401:
    'Hex did not accept the API token. Set HEX_API_TOKEN on the worker to a valid token ' +
    '(personal tokens expire after 7 to 120 days) and check HEX_API_BASE_URL points at your workspace.',
  403: "The token's user may not do this. Give that user access to the project, or use a token with the needed scope.",
  404:
    'Check the project id (the uuid in the project URL), that the project is published, and that ' +
    "HEX_API_BASE_URL points at the token's workspace (EU and single-tenant workspaces have their own host).",
  422: 'Fix the run options or input parameters as the message says.',
  429: 'Hex rate-limited the token; the request is retried later.',
};

function composeMessage(fields: HexApiErrorFields): string {
  const parts = [`Hex API ${fields.operation} failed`];
  if (fields.kind === 'http') parts[0] += ` with HTTP ${fields.statusCode}`;
  else if (fields.kind === 'timeout') parts[0] += ' because the request timed out';
  else if (fields.kind === 'malformed-response') parts[0] += ' because the response was not valid JSON';
  else if (fields.kind === 'cancelled') parts[0] += ' because the request was cancelled';
  else parts[0] += ` with a network error${fields.code ? ` (${fields.code})` : ''}`;
  if (fields.hexMessage) parts[0] += `: ${fields.hexMessage.replace(/[.\s]+$/, '')}`;
  parts[0] += '.';
  const fix = fields.statusCode === undefined ? undefined : FIXES[fields.statusCode];
  if (fix) parts.push(fix);
  if (fields.traceId) parts.push(`Hex trace id: ${fields.traceId}.`);
  return parts.join(' ');
}

/** Reads any of Hex's error bodies: {reason, details}, {message, code, issues}, 422 input problems, or plain text. */
export function readErrorBody(body: string): { hexMessage?: string; code?: string; traceId?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, 300);
    return text ? { hexMessage: text } : {};
  }
  if (!isPlainObject(parsed)) return {};

  const pieces: string[] = [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const reason = text(parsed.reason) ?? text(parsed.message);
  if (reason) pieces.push(reason);
  const details = text(parsed.details);
  if (details) pieces.push(details);
  if (Array.isArray(parsed.issues)) {
    const issues = parsed.issues.map((issue) => (isPlainObject(issue) ? text(issue.message) : undefined));
    pieces.push(...issues.filter((issue): issue is string => issue !== undefined));
  }
  if (Array.isArray(parsed.notFound) && parsed.notFound.length > 0) {
    pieces.push(`unknown input parameters: ${parsed.notFound.map(String).join(', ')}`);
  }
  if (Array.isArray(parsed.invalid) && parsed.invalid.length > 0) {
    const invalid = parsed.invalid.filter(isPlainObject).map((param) => {
      const name = String(param.paramName);
      return `${name}=${String(param.paramValue)} (expected ${String(param.dataType)} for a ${String(param.inputCellType)} input)`;
    });
    pieces.push(`invalid input parameters: ${invalid.join('; ')}`);
  }
  return { hexMessage: pieces.join('; ') || undefined, code: text(parsed.code), traceId: text(parsed.traceId) };
}

/** Reads a `Retry-After` header given in seconds or as an HTTP date; returns milliseconds. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
