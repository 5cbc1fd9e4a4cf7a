import type { SimulatorContext } from './context.js';
import { textReply, type Reply } from './http-io.js';
import { isTerminal } from './run-store.js';

const RUN_PAGE_PATH = /^\/app\/projects\/([^/]+)\/runs\/([^/]+)\/?$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Builds the HTML page behind a run's `runUrl`, so that a link in the Temporal Web UI leads somewhere.
 * Returns undefined when the path is not a run page. The page needs no token and reloads every 2 s until the run ends.
 */
export function runPageReply(context: SimulatorContext, pathname: string): Reply | undefined {
  const match = RUN_PAGE_PATH.exec(pathname);
  if (match === null) return undefined;
  const [, projectId = '', runId = ''] = match;
  const project = context.projects.get(projectId);
  const run = context.runs.get(runId);
  if (project === undefined || run === undefined || run.record.projectId !== projectId) {
    return textReply(
      404,
      page('Run not found', '<p>The simulator has no such run.</p>', false),
      'text/html; charset=utf-8'
    );
  }

  const { record } = run;
  const rows = [
    ['Project', project.title],
    ['Project id', projectId],
    ['Run id', runId],
    ['Status', record.status],
    ['Created', new Date(record.createdAt).toISOString()],
    ['Started', record.startedAt === undefined ? '-' : new Date(record.startedAt).toISOString()],
    ['Ended', record.endedAt === undefined ? '-' : new Date(record.endedAt).toISOString()],
  ];
  const table = rows.map(
    ([name = '', value = '']) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`
  );
  const body = `<h1>${escapeHtml(project.title)}</h1>\n<table>\n${table.join('\n')}\n</table>`;
  return textReply(
    200,
    page(`${project.title}: ${record.status}`, body, !isTerminal(record.status)),
    'text/html; charset=utf-8'
  );
}

function page(title: string, body: string, refresh: boolean): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    refresh ? '<meta http-equiv="refresh" content="2">' : '',
    `<title>${escapeHtml(title)} (Hex simulator)</title>`,
    '<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em}</style>',
    '</head><body>',
    body,
    '<p><small>Served by the Hex API simulator.</small></p>',
    '</body></html>',
  ].join('\n');
}
