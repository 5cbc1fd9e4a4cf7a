// Turns Hex API errors into Temporal failures that carry the retry decision.
import { ApplicationFailure } from '@temporalio/common';
import { HexApiError } from '../hex/errors.js';

/** Wait after a 429 without Retry-After, in milliseconds: one minute, the window of Hex's per-minute limits. */
export const DEFAULT_RATE_LIMIT_DELAY_MS = 60_000;

/**
 * Converts an error from HexClient: 4xx (but 429) become non-retryable, 429 waits for Retry-After through
 * nextRetryDelay, 5xx and network errors stay retryable under the activity's retry policy.
 */
export function toActivityFailure(
  error: unknown,
  rateLimitDelayMs = DEFAULT_RATE_LIMIT_DELAY_MS,
  /** Delay before retrying a 5xx or network error; default: the activity's retry policy decides. */
  retryDelayMs?: number
): unknown {
  if (!(error instanceof HexApiError)) return error;
  const details = [
    {
      operation: error.operation,
      statusCode: error.statusCode ?? null,
      code: error.code ?? null,
      traceId: error.traceId ?? null,
    },
  ];
  if (error.rateLimited) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.failureType,
      details,
      nextRetryDelay: error.retryAfterMs ?? rateLimitDelayMs,
    });
  }
  return ApplicationFailure.create({
    message: error.message,
    type: error.failureType,
    details,
    nonRetryable: !error.retryable,
    nextRetryDelay: error.retryable ? retryDelayMs : undefined,
  });
}
