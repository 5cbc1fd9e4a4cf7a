// Checks for the body of a Hex run request, made before any request is sent. Pure and deterministic,
// so that workflows and activities share it.
import type { HexRunRequestBody } from './types.js';

/** The run request fields that Hex accepts; the spec rejects any other field. */
export const RUN_OPTION_FIELDS = [
  'inputParams',
  'dryRun',
  'updatePublishedResults',
  'updateCache',
  'useCachedSqlResults',
  'viewId',
  'notifications',
] as const;

const BOOLEAN_FIELDS = ['dryRun', 'updatePublishedResults', 'updateCache', 'useCachedSqlResults'] as const;
const NOTIFICATION_TYPES = ['SUCCESS', 'FAILURE', 'ALL'];
const SCREENSHOT_FORMATS = ['png', 'pdf'];
const NOTIFICATION_LIST_FIELDS = ['slackChannelIds', 'userIds', 'groupIds'] as const;
const NOTIFICATION_TEXT_FIELDS = ['subject', 'body'] as const;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the problem with a project id, or undefined when it is a uuid as Hex expects. */
export function checkProjectId(projectId: unknown): string | undefined {
  if (typeof projectId !== 'string' || !UUID_PATTERN.test(projectId)) {
    return (
      `projectId ${JSON.stringify(projectId)} is not a Hex project id: expected a uuid such as ` +
      `"5a8591dd-4039-49df-9202-96385ba3eff8", the part after /hex/ in the project's URL`
    );
  }
  return undefined;
}

/**
 * Lists every problem in a run request body, each naming the field and the fix. An empty list means Hex
 * would accept the body as far as can be known without the project's inputs.
 */
export function checkRunOptions(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!(RUN_OPTION_FIELDS as readonly string[]).includes(field)) {
      problems.push(`unknown run option "${field}": Hex accepts only ${RUN_OPTION_FIELDS.join(', ')}`);
    } else if (value === null) {
      problems.push(`run option "${field}" is null: Hex rejects null fields, so leave the field out instead`);
    }
  }

  const { inputParams, viewId, notifications } = body;
  if (inputParams != null && !isPlainObject(inputParams)) {
    problems.push(`inputParams must be an object keyed by input name, got ${describe(inputParams)}`);
  }
  for (const field of BOOLEAN_FIELDS) {
    const value = body[field];
    if (value != null && typeof value !== 'boolean') {
      problems.push(`run option "${field}" must be true or false, got ${describe(value)}`);
    }
  }
  if (viewId != null && (typeof viewId !== 'string' || viewId === '')) {
    problems.push(`viewId must be the id of a saved view, got ${describe(viewId)}`);
  }

  if (inputParams != null && viewId != null) {
    problems.push('viewId and inputParams cannot be combined: a saved view brings its own inputs, so remove one');
  }
  for (const field of ['updatePublishedResults', 'updateCache'] as const) {
    if (inputParams != null && body[field] === true) {
      problems.push(
        `${field} cannot be combined with inputParams (even an empty object): Hex updates published results ` +
          `only for a run with the default inputs, so remove inputParams or set ${field} to false`
      );
    }
  }

  if (notifications != null) {
    if (!Array.isArray(notifications)) {
      problems.push(`notifications must be an array of notification objects, got ${describe(notifications)}`);
    } else {
      notifications.forEach((item, index) => problems.push(...checkNotification(item, index)));
    }
  }
  return problems;
}

function checkNotification(item: unknown, index: number): string[] {
  const where = `notifications[${index}]`;
  if (!isPlainObject(item)) {
    return [
      `${where} must be an object such as {"type": "FAILURE", "includeSuccessScreenshot": false, ` +
        `"slackChannelIds": ["C0123"]}, got ${describe(item)}`,
    ];
  }
  const problems: string[] = [];
  for (const [field, value] of Object.entries(item)) {
    if (value === null) problems.push(`${where}.${field} is null: leave the field out instead`);
  }
  if (typeof item.type !== 'string' || !NOTIFICATION_TYPES.includes(item.type)) {
    problems.push(`${where}.type must be one of ${NOTIFICATION_TYPES.join(', ')}, got ${describe(item.type)}`);
  }
  if (typeof item.includeSuccessScreenshot !== 'boolean') {
    problems.push(`${where}.includeSuccessScreenshot is required and must be true or false`);
  }
  if (item.screenshotFormat != null && !SCREENSHOT_FORMATS.includes(item.screenshotFormat as string)) {
    problems.push(`${where}.screenshotFormat must be png or pdf, got ${describe(item.screenshotFormat)}`);
  }
  for (const field of NOTIFICATION_LIST_FIELDS) {
    const value = item[field];
    if (value != null && !(Array.isArray(value) && value.every((entry) => typeof entry === 'string'))) {
      problems.push(`${where}.${field} must be an array of id strings, got ${describe(value)}`);
    }
  }
  for (const field of NOTIFICATION_TEXT_FIELDS) {
    const value = item[field];
    if (value != null && typeof value !== 'string') {
      problems.push(`${where}.${field} must be a string, got ${describe(value)}`);
    }
  }
  return problems;
}

/** Copies the run request fields out of a larger object, leaving out absent ones. */
export function pickRunOptions(source: Record<string, unknown>): HexRunRequestBody {
  const body: Record<string, unknown> = {};
  for (const field of RUN_OPTION_FIELDS) {
    if (source[field] !== undefined) body[field] = source[field];
  }
  return body;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 60 ? text : typeof value;
}
