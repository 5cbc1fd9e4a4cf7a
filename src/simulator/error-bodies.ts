import { jsonReply, textReply, type Reply } from './http-io.js';
import type { SimErrorShape } from './types.js';

/** `code` values of Hex's 2026 error shape. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  422: 'UNPROCESSABLE_CONTENT',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  // NOTE: Hex documents no 429 body, so this code is a guess in the style of the others.
  429: 'TOO_MANY_REQUESTS',
};

function codeFor(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/**
 * Builds an error reply in the configured shape: `{reason, traceId, details?}` (2025) or
 * `{message, code, issues?, traceId}` (2026). Both carry the trace id.
 */
export function errorReply(
  shape: SimErrorShape,
  status: number,
  traceId: string,
  reason: string,
  details?: string
): Reply {
  if (shape === 'message') {
    return jsonReply(status, {
      message: reason,
      code: codeFor(status),
      ...(details === undefined ? {} : { issues: [{ message: details }] }),
      traceId,
    });
  }
  return jsonReply(status, { reason, traceId, ...(details === undefined ? {} : { details }) });
}

/** Hex's edge responds to a missing or wrong token with this plain-text 401, not JSON. */
export function unauthorizedReply(): Reply {
  return textReply(401, 'Unauthorized');
}
