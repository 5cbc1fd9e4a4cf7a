// The worker's start-up check of the custom search attributes, against the real dev server.
import { randomUUID } from 'node:crypto';
import Long from 'long';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureSearchAttributes } from '../src/worker/search-attributes.js';

describe('ensureSearchAttributes', () => {
  let connection: NativeConnection;
  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('adds the missing attributes to a new namespace once', async () => {
    const namespace = `sa-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) },
    });

    expect(await ensureSearchAttributes(connection, namespace)).toEqual([
      'HexProjectId',
      'HexRunId',
      'HexRunStatus',
      'HexPipeline',
    ]);
    expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);
  });

  it('finds nothing missing on the dev server started for the tests', async () => {
    expect(await ensureSearchAttributes(connection, 'default')).toEqual([]);
  });
});
