import { describe, expect, it } from 'vitest';
import type { HexProjectList, HexRunListResponse, HexRunResponse, HexRunStatusResponse } from '../src/hex/types.js';
import { sampleProjects, type SimProject } from '../src/simulator/index.js';
import { simulatorPerTest } from './support/simulator-per-test.js';

const TOKEN = 'sim-token';
const PROJECT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_PROJECT_ID = 'aaaaaaaa-0000-4000-8000-000000000002';
const UUID_OF_NOTHING = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LONG_RUN = { status: 'COMPLETED', pendingMs: 0, runningMs: 600_000 };

const { start: startSimulator, sim } = simulatorPerTest({ rateLimits: false });

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
}

/** Sends a request to the simulated API with the default token unless `token` is given (null sends none). */
async function api(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = path.startsWith('http') ? path : `${sim().baseUrl}${path}`;
  return fetch(url, { method, headers, body });
}

async function startRun(projectId: string, body: unknown = {}): Promise<HexRunResponse> {
  const response = await api('POST', `/v1/projects/${projectId}/runs`, { body });
  expect(response.status).toBe(201);
  return (await response.json()) as HexRunResponse;
}

async function runStatus(projectId: string, runId: string): Promise<HexRunStatusResponse> {
  const response = await api('GET', `/v1/projects/${projectId}/runs/${runId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as HexRunStatusResponse;
}

async function waitForStatus(projectId: string, runId: string, status: string): Promise<HexRunStatusResponse> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const current = await runStatus(projectId, runId);
    if (current.status === status) return current;
    if (Date.now() > deadline) throw new Error(`Run ${runId} is still ${current.status}, expected ${status}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function project(outcomes: SimProject['outcomes'], extra: Partial<SimProject> = {}): SimProject {
  return { projectId: PROJECT_ID, title: 'Test project', outcomes, ...extra };
}

describe('run lifecycle', () => {
  it('goes PENDING, RUNNING, COMPLETED', async () => {
    await startSimulator({
      timeScale: 2,
      projects: [project([{ status: 'COMPLETED', pendingMs: 400, runningMs: 400 }])],
    });
    const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { body: {} });
    expect(response.status).toBe(201);
    const started = (await response.json()) as HexRunResponse;
    expect(started.runId).toMatch(UUID);
    expect(started.projectId).toBe(PROJECT_ID);
    expect(started.projectVersion).toBe(1);
    expect(started.traceId).toBe(response.headers.get('x-trace-id'));
    expect(started.runStatusUrl).toBe(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs/${started.runId}`);
    expect(started.runUrl).toBe(`http://127.0.0.1:${sim().port}/app/projects/${PROJECT_ID}/runs/${started.runId}`);

    const pending = await runStatus(PROJECT_ID, started.runId);
    expect(pending.status).toBe('PENDING');
    expect(pending.startTime).toBeNull();
    expect(pending.endTime).toBeNull();
    expect(pending.elapsedTime).toBeNull();

    const running = await waitForStatus(PROJECT_ID, started.runId, 'RUNNING');
    expect(running.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(running.endTime).toBeNull();
    expect(running.elapsedTime).toBeNull();

    const completed = await waitForStatus(PROJECT_ID, started.runId, 'COMPLETED');
    expect(completed.startTime).toBe(running.startTime);
    expect(completed.endTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(completed.elapsedTime).toBeGreaterThanOrEqual(190);

    const record = sim().getRun(started.runId);
    expect(record?.status).toBe('COMPLETED');
    expect(record?.token).toBe(TOKEN);
    expect(record?.killedByCancel).toBe(false);
    expect(record?.startedAt).toBeGreaterThanOrEqual(record?.createdAt ?? Infinity);
    expect(record?.endedAt).toBeGreaterThanOrEqual(record?.startedAt ?? Infinity);
    expect(sim().stats().runsCreated).toBe(1);
  });

  it('cancel returns empty 204 and kills', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    const { runId } = await startRun(PROJECT_ID);
    await waitForStatus(PROJECT_ID, runId, 'RUNNING');

    const cancel = await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${runId}`);
    expect(cancel.status).toBe(204);
    expect(await cancel.text()).toBe('');
    expect(cancel.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{32}$/);

    const killed = await runStatus(PROJECT_ID, runId);
    expect(killed.status).toBe('KILLED');
    expect(killed.endTime).not.toBeNull();
    expect(killed.elapsedTime).toBeGreaterThanOrEqual(0);
    const record = sim().getRun(runId);
    expect(record?.killedByCancel).toBe(true);
    expect(record?.cancelledAt).toBeDefined();

    const again = await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${runId}`);
    expect(again.status).toBe(204);
    expect(sim().getRun(runId)?.cancelledAt).toBe(record?.cancelledAt);
  });

  it('cancel of a terminal run changes nothing', async () => {
    await startSimulator({ projects: [project([{ status: 'ERRORED', pendingMs: 0, runningMs: 0 }])] });
    const { runId } = await startRun(PROJECT_ID);
    await waitForStatus(PROJECT_ID, runId, 'ERRORED');
    const cancel = await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${runId}`);
    expect(cancel.status).toBe(204);
    expect((await runStatus(PROJECT_ID, runId)).status).toBe('ERRORED');
    expect(sim().getRun(runId)?.killedByCancel).toBe(false);
    expect(sim().getRun(runId)?.cancelledAt).toBeUndefined();
  });

  it('uses outcomes in order and repeats the last', async () => {
    const outcomes = [
      { status: 'UNABLE_TO_ALLOCATE_KERNEL', pendingMs: 0 },
      { status: 'COMPLETED', pendingMs: 0, runningMs: 0 },
    ];
    await startSimulator({ projects: [project(outcomes)] });
    const first = await startRun(PROJECT_ID);
    const noKernel = await waitForStatus(PROJECT_ID, first.runId, 'UNABLE_TO_ALLOCATE_KERNEL');
    expect(noKernel.startTime).toBeNull();
    expect(noKernel.endTime).not.toBeNull();
    const second = await startRun(PROJECT_ID);
    await waitForStatus(PROJECT_ID, second.runId, 'COMPLETED');
    const third = await startRun(PROJECT_ID);
    await waitForStatus(PROJECT_ID, third.runId, 'COMPLETED');
  });

  it('ends ERRORED and KILLED outcomes without a cancel', async () => {
    const stopped = { projectId: OTHER_PROJECT_ID, title: 'Stopped', outcomes: [{ status: 'KILLED', runningMs: 10 }] };
    await startSimulator({ projects: [project([{ status: 'ERRORED', pendingMs: 0, runningMs: 10 }]), stopped] });
    const errored = await startRun(PROJECT_ID);
    const killed = await startRun(OTHER_PROJECT_ID);
    expect((await waitForStatus(PROJECT_ID, errored.runId, 'ERRORED')).elapsedTime).toBeGreaterThan(0);
    await waitForStatus(OTHER_PROJECT_ID, killed.runId, 'KILLED');
    expect(sim().getRun(killed.runId)?.killedByCancel).toBe(false);
  });

  it('keeps an unknown status until cancelled', async () => {
    await startSimulator({ projects: [project([{ status: 'QUEUED_FOR_REVIEW', pendingMs: 0 }])] });
    const { runId } = await startRun(PROJECT_ID);
    await waitForStatus(PROJECT_ID, runId, 'QUEUED_FOR_REVIEW');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await runStatus(PROJECT_ID, runId)).status).toBe('QUEUED_FOR_REVIEW');
    expect((await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${runId}`)).status).toBe(204);
    expect((await runStatus(PROJECT_ID, runId)).status).toBe('KILLED');
  });

  it('dry run creates no run', async () => {
    await startSimulator({ projects: [project(undefined)] });
    const dryRun = await startRun(PROJECT_ID, { dryRun: true });
    expect(dryRun.runId).toMatch(UUID);
    expect(sim().runs()).toHaveLength(0);
    expect(sim().stats().runsCreated).toBe(0);
    expect((await api('GET', `/v1/projects/${PROJECT_ID}/runs/${dryRun.runId}`)).status).toBe(404);
  });

  it('serves the run page behind runUrl without a token', async () => {
    await startSimulator({ projects: [project([LONG_RUN], { title: 'Revenue <daily>' })] });
    const { runId, runUrl } = await startRun(PROJECT_ID);
    const page = await fetch(runUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('Revenue &#60;daily&#62;');
    expect(html).toContain(runId);
    expect(html).toMatch(/PENDING|RUNNING/);
    expect((await fetch(runUrl.replace(runId, PROJECT_ID))).status).toBe(404);
  });

  it('puts publicUrl in runUrl', async () => {
    await startSimulator({ publicUrl: 'https://hex.example/', projects: [project(undefined)] });
    const { runId, runUrl } = await startRun(PROJECT_ID);
    expect(runUrl).toBe(`https://hex.example/app/projects/${PROJECT_ID}/runs/${runId}`);
  });

  it('serves the sample projects', async () => {
    await startSimulator({ projects: sampleProjects });
    const response = await api('GET', '/v1/projects?limit=100');
    const list = (await response.json()) as HexProjectList;
    expect(list.values.map((value) => value.title).sort()).toEqual(
      ['Broken notebook', 'Busy workspace', 'Daily revenue', 'Long refresh', 'Quick check', 'Stopped by owner'].sort()
    );
  });
});

describe('authentication', () => {
  it('rejects a missing token with plain text', async () => {
    await startSimulator({ projects: [project(undefined)] });
    const response = await api('GET', `/v1/projects/${PROJECT_ID}`, { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.text()).toBe('Unauthorized');
  });

  it('rejects a wrong token with plain text', async () => {
    await startSimulator({ projects: [project(undefined)] });
    const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { token: 'not-the-token', body: {} });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Unauthorized');
    expect(sim().runs()).toHaveLength(0);
  });

  it('rejects schemes other than Bearer', async () => {
    await startSimulator();
    const response = await fetch(`${sim().baseUrl}/v1/projects`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(response.status).toBe(401);
  });

  it('checks the token before the path', async () => {
    await startSimulator();
    expect((await api('GET', '/v2/nowhere', { token: null })).status).toBe(401);
    expect((await api('GET', '/v2/nowhere')).status).toBe(404);
    expect((await api('PUT', '/v1/projects')).status).toBe(404);
  });

  it('accepts every configured token', async () => {
    await startSimulator({ tokens: ['first', 'second'] });
    expect((await api('GET', '/v1/projects', { token: 'first' })).status).toBe(200);
    expect((await api('GET', '/v1/projects', { token: 'second' })).status).toBe(200);
    expect((await api('GET', '/v1/projects', { token: TOKEN })).status).toBe(401);
  });
});

describe('error shapes', () => {
  it('404 in the reason shape', async () => {
    await startSimulator();
    const response = await api('GET', `/v1/projects/${PROJECT_ID}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.reason).toBe('Project not found');
    expect(body.traceId).toBe(response.headers.get('x-trace-id'));
    expect(body.message).toBeUndefined();
  });

  it('404 in the message shape', async () => {
    await startSimulator({ errorShape: 'message', projects: [project(undefined)] });
    const response = await api('GET', `/v1/projects/${PROJECT_ID}/runs/${OTHER_PROJECT_ID}`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.message).toBe('Run not found');
    expect(body.code).toBe('NOT_FOUND');
    expect(body.traceId).toBe(response.headers.get('x-trace-id'));
    expect(body.reason).toBeUndefined();
  });

  it('404 for a run of another project', async () => {
    await startSimulator({ projects: [project(undefined), { projectId: OTHER_PROJECT_ID, title: 'Other' }] });
    const { runId } = await startRun(PROJECT_ID);
    expect((await api('GET', `/v1/projects/${OTHER_PROJECT_ID}/runs/${runId}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/projects/${OTHER_PROJECT_ID}/runs/${runId}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${OTHER_PROJECT_ID}`)).status).toBe(404);
    expect((await api('POST', `/v1/projects/${UUID_OF_NOTHING}/runs`, { body: {} })).status).toBe(404);
    expect((await api('GET', `/v1/projects/${UUID_OF_NOTHING}/runs`)).status).toBe(404);
  });

  it('switches shape with setOptions', async () => {
    await startSimulator();
    sim().setOptions({ errorShape: 'message' });
    const body = (await (await api('GET', `/v1/projects/${PROJECT_ID}`)).json()) as Record<string, unknown>;
    expect(body.code).toBe('NOT_FOUND');
  });
});

describe('run request validation', () => {
  const declared = project(undefined, { inputs: { region: 'string', days: 'number', live: 'boolean', since: 'date' } });
  const rejected: { name: string; rawBody: string; status: number; mention: string }[] = [
    { name: 'body not JSON', rawBody: '{"inputParams":', status: 400, mention: 'JSON object' },
    { name: 'body an array', rawBody: '[]', status: 400, mention: 'JSON object' },
    { name: 'null field', rawBody: '{"inputParams":null}', status: 400, mention: 'inputParams' },
    { name: 'unknown field', rawBody: '{"inputs":{}}', status: 400, mention: 'inputs' },
    { name: 'non-boolean dryRun', rawBody: '{"dryRun":"yes"}', status: 400, mention: 'dryRun' },
    { name: 'viewId with inputParams', rawBody: '{"viewId":"v1","inputParams":{}}', status: 422, mention: 'viewId' },
    {
      name: 'updatePublishedResults with empty inputParams',
      rawBody: '{"updatePublishedResults":true,"inputParams":{}}',
      status: 422,
      mention: 'Cannot update the cache if specifying custom input parameters',
    },
    {
      name: 'updateCache with inputParams',
      rawBody: '{"updateCache":true,"inputParams":{"region":"eu"}}',
      status: 422,
      mention: 'Cannot update the cache if specifying custom input parameters',
    },
    { name: 'notification string', rawBody: '{"notifications":["ALL"]}', status: 400, mention: 'notifications[0]' },
    {
      name: 'notification type unknown',
      rawBody: '{"notifications":[{"type":"SOMETIMES","includeSuccessScreenshot":false}]}',
      status: 400,
      mention: 'type',
    },
    {
      name: 'notification without includeSuccessScreenshot',
      rawBody: '{"notifications":[{"type":"ALL"}]}',
      status: 400,
      mention: 'includeSuccessScreenshot',
    },
  ];

  for (const testCase of rejected) {
    it(`rejects ${testCase.name}`, async () => {
      await startSimulator({ projects: [declared] });
      const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { rawBody: testCase.rawBody });
      expect(response.status).toBe(testCase.status);
      const body = (await response.json()) as { reason: string; details?: string; traceId: string };
      expect(`${body.reason} ${body.details ?? ''}`).toContain(testCase.mention);
      expect(body.traceId).toBe(response.headers.get('x-trace-id'));
      expect(sim().runs()).toHaveLength(0);
    });
  }

  it('rejects unknown input names with notFound', async () => {
    await startSimulator({ projects: [declared] });
    const body = { inputParams: { region: 'eu', colour: 'red' } };
    const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { body });
    expect(response.status).toBe(422);
    const payload = (await response.json()) as Record<string, unknown>;
    expect(payload).toEqual({ traceId: response.headers.get('x-trace-id'), invalid: [], notFound: ['colour'] });
  });

  it('rejects wrongly typed inputs with invalid', async () => {
    await startSimulator({ projects: [declared] });
    const body = { inputParams: { days: '7', live: true, since: 'yesterday' } };
    const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { body });
    expect(response.status).toBe(422);
    const payload = (await response.json()) as { invalid: unknown[]; notFound: string[] };
    expect(payload.notFound).toEqual([]);
    expect(payload.invalid).toEqual([
      { paramName: 'days', paramValue: '"7"', dataType: 'number', inputCellType: 'number' },
      { paramName: 'since', paramValue: '"yesterday"', dataType: 'date', inputCellType: 'date' },
    ]);
  });

  it('accepts valid inputs and notifications', async () => {
    await startSimulator({ projects: [declared] });
    const inputParams = { region: 'eu', days: 7, live: false, since: '2025-05-01' };
    const notifications = [{ type: 'FAILURE', includeSuccessScreenshot: false, userIds: ['user-1'] }];
    const { runId } = await startRun(PROJECT_ID, { inputParams, notifications, useCachedSqlResults: false });
    expect(sim().getRun(runId)?.inputParams).toEqual(inputParams);
  });

  it('accepts an empty body and the cache flag without inputs', async () => {
    await startSimulator({ projects: [declared] });
    const empty = await api('POST', `/v1/projects/${PROJECT_ID}/runs`);
    expect(empty.status).toBe(201);
    await startRun(PROJECT_ID, { updatePublishedResults: true });
    expect(sim().runs()).toHaveLength(2);
  });

  it('accepts any inputs when none are declared', async () => {
    await startSimulator({ projects: [project(undefined)] });
    await startRun(PROJECT_ID, { inputParams: { anything: [1, 2] } });
  });

  it('reports 400 issues in the message shape', async () => {
    await startSimulator({ errorShape: 'message', projects: [declared] });
    const response = await api('POST', `/v1/projects/${PROJECT_ID}/runs`, { body: { viewId: null } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; code: string; issues: { message: string }[] };
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.issues[0]?.message).toContain('viewId');
  });
});

describe('run list', () => {
  async function listRuns(query: string): Promise<HexRunListResponse> {
    const response = await api('GET', `/v1/projects/${PROJECT_ID}/runs${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as HexRunListResponse;
  }

  it('pages newest first with full URLs', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await startRun(PROJECT_ID)).runId);
    const newestFirst = [...created].reverse();

    const first = await listRuns('?limit=2');
    expect(first.runs.map((run) => run.runId)).toEqual(newestFirst.slice(0, 2));
    expect(first.previousPage).toBeNull();
    expect(first.nextPage).toBe(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs?limit=2&offset=2`);
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);

    const second = (await (await api('GET', first.nextPage ?? '')).json()) as HexRunListResponse;
    expect(second.runs.map((run) => run.runId)).toEqual(newestFirst.slice(2, 4));
    expect(second.previousPage).toBe(`${sim().baseUrl}/v1/projects/${PROJECT_ID}/runs?limit=2&offset=0`);

    const last = (await (await api('GET', second.nextPage ?? '')).json()) as HexRunListResponse;
    expect(last.runs.map((run) => run.runId)).toEqual(newestFirst.slice(4));
    expect(last.nextPage).toBeNull();
  });

  it('defaults to 25 runs a page', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    for (let i = 0; i < 26; i += 1) await startRun(PROJECT_ID);
    const page = await listRuns('');
    expect(page.runs).toHaveLength(25);
    expect(page.nextPage).toContain('offset=25');
  });

  it('filters by status', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    const runIds: string[] = [];
    for (let i = 0; i < 4; i += 1) runIds.push((await startRun(PROJECT_ID)).runId);
    for (const runId of runIds.slice(0, 3)) await api('DELETE', `/v1/projects/${PROJECT_ID}/runs/${runId}`);

    const killed = await listRuns('?statusFilter=KILLED&limit=2');
    expect(killed.runs.map((run) => run.status)).toEqual(['KILLED', 'KILLED']);
    expect(killed.nextPage).toContain('statusFilter=KILLED');
    const rest = (await (await api('GET', killed.nextPage ?? '')).json()) as HexRunListResponse;
    expect(rest.runs.map((run) => run.runId)).toEqual([runIds[0]]);
    expect((await listRuns('?statusFilter=COMPLETED')).runs).toEqual([]);
  });

  it('rejects invalid paging parameters', async () => {
    await startSimulator({ projects: [project(undefined)] });
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?offset=-1', '?statusFilter=DONE']) {
      const response = await api('GET', `/v1/projects/${PROJECT_ID}/runs${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});

describe('project list and get', () => {
  const ids = [1, 2, 3, 4, 5].map((n) => `bbbbbbbb-0000-4000-8000-00000000000${n}`);

  async function listProjects(query: string): Promise<HexProjectList> {
    const response = await api('GET', `/v1/projects${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as HexProjectList;
  }

  async function startWithFiveProjects(): Promise<void> {
    await startSimulator({ projects: ids.map((projectId, index) => ({ projectId, title: `Project ${index + 1}` })) });
  }

  it('pages with opaque cursors, newest first', async () => {
    await startWithFiveProjects();
    const first = await listProjects('?limit=2');
    expect(first.values.map((value) => value.id)).toEqual([ids[4], ids[3]]);
    expect(first.pagination.before).toBeNull();
    expect(first.pagination.after).toEqual(expect.any(String));

    const second = await listProjects(`?limit=2&after=${first.pagination.after}`);
    expect(second.values.map((value) => value.id)).toEqual([ids[2], ids[1]]);
    const third = await listProjects(`?limit=2&after=${second.pagination.after}`);
    expect(third.values.map((value) => value.id)).toEqual([ids[0]]);
    expect(third.pagination.after).toBeNull();

    const back = await listProjects(`?limit=2&before=${third.pagination.before}`);
    expect(back.values.map((value) => value.id)).toEqual([ids[2], ids[1]]);
  });

  it('sorts ascending on request', async () => {
    await startWithFiveProjects();
    const ascending = await listProjects('?sortBy=CREATED_AT&sortDirection=ASC&limit=100');
    expect(ascending.values.map((value) => value.id)).toEqual(ids);
    expect(ascending.pagination).toEqual({ after: null, before: null });
  });

  it('rejects invalid list parameters', async () => {
    await startWithFiveProjects();
    for (const query of ['?limit=0', '?limit=101', '?after=bm9wZQ', '?sortBy=TITLE', '?sortDirection=UP']) {
      const response = await api('GET', `/v1/projects${query}`);
      expect(response.status, query).toBe(400);
    }
  });

  it('returns a ProjectApiResource', async () => {
    await startWithFiveProjects();
    const response = await api('GET', `/v1/projects/${ids[0]}?includeSharing=true`);
    expect(response.status).toBe(200);
    const resource = (await response.json()) as Record<string, unknown>;
    expect(resource.id).toBe(ids[0]);
    expect(resource.title).toBe('Project 1');
    expect(resource.type).toBe('PROJECT');
    expect(resource.sharing).toBeDefined();
    for (const field of ['description', 'creator', 'owner', 'status', 'categories', 'reviews', 'analytics']) {
      expect(resource, field).toHaveProperty(field);
    }
    for (const field of ['lastEditedAt', 'lastPublishedAt', 'createdAt', 'archivedAt', 'trashedAt', 'schedules']) {
      expect(resource, field).toHaveProperty(field);
    }
    const plain = (await (await api('GET', `/v1/projects/${ids[0]}`)).json()) as Record<string, unknown>;
    expect(plain.sharing).toBeUndefined();
  });
});

describe('admin API', () => {
  function admin(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(`http://127.0.0.1:${sim().port}/_simulator/${path}`, init);
  }

  it('adds projects and rejects invalid ones', async () => {
    await startSimulator();
    const added = await admin('POST', 'projects', { projectId: PROJECT_ID, title: 'Added' });
    expect(added.status).toBe(201);
    expect((await api('GET', `/v1/projects/${PROJECT_ID}`)).status).toBe(200);
    const invalid = await admin('POST', 'projects', { projectId: 'not-a-uuid', title: 'Bad' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { details: string }).details).toContain('projectId');
  });

  it('lists runs without tokens and reports stats', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    const { runId } = await startRun(PROJECT_ID);
    const runs = (await (await admin('GET', 'runs')).json()) as Record<string, unknown>[];
    expect(runs).toHaveLength(1);
    expect(runs[0]?.runId).toBe(runId);
    expect(runs[0]).not.toHaveProperty('token');
    expect(JSON.stringify(runs)).not.toContain(TOKEN);

    const stats = (await (await admin('GET', 'stats')).json()) as Record<string, unknown>;
    expect(stats).toEqual(sim().stats());
    expect(sim().stats().requests.byRoute).toEqual({ runProject: 1 });
    expect(sim().stats().requests.byStatus).toEqual({ 201: 1 });
  });

  it('injects and clears faults', async () => {
    await startSimulator();
    expect((await admin('POST', 'faults', { route: 'listProjects', kind: 'status', status: 503 })).status).toBe(201);
    expect((await api('GET', '/v1/projects')).status).toBe(503);
    expect((await api('GET', '/v1/projects')).status).toBe(200);

    await admin('POST', 'faults', { route: 'listProjects', kind: 'status', status: 500, times: 5 });
    expect((await admin('DELETE', 'faults')).status).toBe(204);
    expect((await api('GET', '/v1/projects')).status).toBe(200);
    expect((await admin('POST', 'faults', { route: 'everything', kind: 'reset' })).status).toBe(400);
  });

  it('changes options and rejects unknown ones', async () => {
    await startSimulator();
    expect((await admin('POST', 'options', { errorShape: 'message' })).status).toBe(204);
    const body = (await (await api('GET', `/v1/projects/${PROJECT_ID}`)).json()) as Record<string, unknown>;
    expect(body.code).toBe('NOT_FOUND');
    expect((await admin('POST', 'options', { tokens: ['mine'] })).status).toBe(400);
    expect((await admin('POST', 'options', { timeScale: -1 })).status).toBe(400);
  });

  it('resets runs and counters but keeps projects', async () => {
    await startSimulator({ projects: [project([LONG_RUN])] });
    await startRun(PROJECT_ID);
    expect((await admin('POST', 'reset')).status).toBe(204);
    expect(sim().runs()).toEqual([]);
    expect(sim().stats().requests.total).toBe(0);
    expect(sim().stats().runsCreated).toBe(0);
    expect((await api('GET', `/v1/projects/${PROJECT_ID}`)).status).toBe(200);
  });

  it('unknown admin path returns 404', async () => {
    await startSimulator();
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
