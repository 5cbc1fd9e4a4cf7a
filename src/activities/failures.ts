// Turns Hex API errors into Temporal failures that carry the retry decision.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { log } from '@temporalio/activity';
import { HexApiError } from '../hex/errors.js';

/**
 * Logs 429s once per burst instead of once per request: the first after a quiet minute, then a count each minute
 * while they go on. One per worker process.
 */
class RateLimitLog {
  #burstStartedAt = 0;
  #lastAt = 0;
  #sinceLastLog = 0;
  #lastLoggedAt = 0;

  note(operation: string, now = Date.now()): void {
    const quietFor = now - this.#lastAt;
    this.#lastAt = now;
    this.#sinceLastLog += 1;
    if (quietFor > 60_000) {
      this.#burstStartedAt = now;
      this.#lastLoggedAt = now;
      this.#sinceLastLog = 0;
      log.warn('Hex returned 429 Too Many Requests; retrying after the wait', { operation });
    } else if (now - this.#lastLoggedAt >= 60_000) {
      log.warn('Hex is still rate-limiting this token', {
        operation,
        rateLimitedSinceLastLog: this.#sinceLastLog,
        burstSeconds: Math.round((now - this.#burstStartedAt) / 1000),
      });
      this.#lastLoggedAt = now;
      this.#sinceLastLog = 0;
    }
  }
}

const rateLimitLog = new RateLimitLog();

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
    rateLimitLog.note(error.operation);
    return ApplicationFailure.create({
      message: error.message,
      type: error.failureType,
      details,
      // Benign: the SDK logs it at DEBUG instead of a WARN per request; rateLimitLog reports the burst.
      category: ApplicationFailureCategory.BENIGN,
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
