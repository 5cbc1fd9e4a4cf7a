import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response built by a route before it is written, delayed or dropped. */
export interface Reply {
  status: number;
  /** Absent for 204. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Largest request body the simulator reads, in bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Returns a new trace id: 32 lowercase hex digits. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}

export function textReply(status: number, text: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, body: text, contentType };
}

export function emptyReply(status: number): Reply {
  return { status };
}

/** Writes the reply with an `x-trace-id` header, unless the client has gone away. */
export function writeReply(res: ServerResponse, reply: Reply, traceId: string): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | number> = { 'x-trace-id': traceId, ...reply.headers };
  if (reply.body !== undefined) {
    headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
    headers['content-length'] = Buffer.byteLength(reply.body);
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** Reads the request body as UTF-8, rejecting with BodyTooLargeError past 1 MiB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses `text` as JSON, returning undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
