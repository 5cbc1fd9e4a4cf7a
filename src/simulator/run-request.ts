import { parseJson } from './http-io.js';
import type { SimInputType, SimProject } from './types.js';

/** A run request body that passed validation. */
export interface RunRequest {
  inputParams?: Record<string, unknown>;
  dryRun: boolean;
}

export interface InvalidParam {
  paramName: string;
  /** The rejected value, JSON-encoded. */
  paramValue: string;
  dataType: string;
  inputCellType: string;
}

export type RunRequestCheck =
  | { ok: true; request: RunRequest }
  | { ok: false; status: 400 | 422; reason: string; details?: string }
  | { ok: false; status: 422; invalid: InvalidParam[]; notFound: string[] };

const BOOLEAN_FIELDS = ['dryRun', 'updateCache', 'updatePublishedResults', 'useCachedSqlResults'];
const KNOWN_FIELDS = [...BOOLEAN_FIELDS, 'inputParams', 'viewId', 'notifications'];
const NOTIFICATION_TYPES = ['SUCCESS', 'FAILURE', 'ALL'];
const NOTIFICATION_ID_LISTS = ['slackChannelIds', 'userIds', 'groupIds'];
const NOTIFICATION_FIELDS = ['type', 'includeSuccessScreenshot', 'screenshotFormat', 'subject', 'body'];
const INPUT_CELL_TYPES: Record<SimInputType, string> = {
  string: 'text',
  number: 'number',
  boolean: 'checkbox',
  date: 'date',
};

function badRequest(details: string): RunRequestCheck {
  return { ok: false, status: 400, reason: 'Invalid request body', details };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a `POST .../runs` body the way Hex does. An empty body counts as `{}`. The checks run in this order:
 * JSON object, no `null` fields, no unknown fields, field types, then the 422 conflicts of `viewId` and of the cache
 * flags with `inputParams`. Notification objects come next, and last the input names and types when the project
 * declares its inputs.
 */
export function checkRunRequest(text: string, project: SimProject): RunRequestCheck {
  const parsed = text.trim() === '' ? {} : parseJson(text);
  if (!isPlainObject(parsed)) return badRequest('The request body must be a JSON object.');

  const nullField = Object.keys(parsed).find((field) => parsed[field] === null);
  if (nullField !== undefined) return badRequest(`Field "${nullField}" must not be null; omit it instead.`);
  const unknownFields = Object.keys(parsed).filter((field) => !KNOWN_FIELDS.includes(field));
  if (unknownFields.length > 0) return badRequest(`Unknown fields: ${unknownFields.join(', ')}.`);

  const wrongBoolean = BOOLEAN_FIELDS.find((field) => field in parsed && typeof parsed[field] !== 'boolean');
  if (wrongBoolean !== undefined) return badRequest(`Field "${wrongBoolean}" must be a boolean.`);
  if ('inputParams' in parsed && !isPlainObject(parsed.inputParams)) {
    return badRequest('Field "inputParams" must be an object of input names to values.');
  }
  if ('viewId' in parsed && typeof parsed.viewId !== 'string') return badRequest('Field "viewId" must be a string.');
  if ('notifications' in parsed && !Array.isArray(parsed.notifications)) {
    return badRequest('Field "notifications" must be an array.');
  }

  const inputParams = parsed.inputParams as Record<string, unknown> | undefined;
  if (inputParams !== undefined && parsed.viewId !== undefined) {
    return { ok: false, status: 422, reason: 'Cannot specify both a viewId and inputParams' };
  }
  if (inputParams !== undefined && (parsed.updatePublishedResults === true || parsed.updateCache === true)) {
    return { ok: false, status: 422, reason: 'Cannot update the cache if specifying custom input parameters' };
  }

  const notifications = (parsed.notifications ?? []) as unknown[];
  for (const [index, notification] of notifications.entries()) {
    const problem = findNotificationProblem(notification);
    if (problem !== undefined) return badRequest(`notifications[${index}]: ${problem}`);
  }

  if (inputParams !== undefined && project.inputs !== undefined) {
    const paramCheck = checkInputParams(inputParams, project.inputs);
    if (paramCheck !== undefined) return paramCheck;
  }
  return {
    ok: true,
    request: { ...(inputParams === undefined ? {} : { inputParams }), dryRun: parsed.dryRun === true },
  };
}

/** Returns what is wrong with one `ProjectRunNotification`, or undefined when it is valid. */
function findNotificationProblem(notification: unknown): string | undefined {
  if (!isPlainObject(notification)) return 'must be an object with "type" and "includeSuccessScreenshot".';
  const unknownFields = Object.keys(notification).filter(
    (field) => !NOTIFICATION_FIELDS.includes(field) && !NOTIFICATION_ID_LISTS.includes(field)
  );
  if (unknownFields.length > 0) return `unknown fields: ${unknownFields.join(', ')}.`;
  if (typeof notification.type !== 'string' || !NOTIFICATION_TYPES.includes(notification.type)) {
    return `"type" must be one of ${NOTIFICATION_TYPES.join(', ')}.`;
  }
  if (typeof notification.includeSuccessScreenshot !== 'boolean')
    return '"includeSuccessScreenshot" must be a boolean.';
  const format = notification.screenshotFormat;
  if (format !== undefined && format !== 'png' && format !== 'pdf') return '"screenshotFormat" must be png or pdf.';
  for (const field of ['subject', 'body']) {
    if (field in notification && typeof notification[field] !== 'string') return `"${field}" must be a string.`;
  }
  for (const field of NOTIFICATION_ID_LISTS) {
    const ids = notification[field];
    if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
      return `"${field}" must be an array of strings.`;
    }
  }
  return undefined;
}

/** Returns Hex's 422 InvalidParamPayload fields for unknown names and wrongly typed values, or undefined. */
function checkInputParams(
  inputParams: Record<string, unknown>,
  inputs: Record<string, SimInputType>
): RunRequestCheck | undefined {
  const notFound: string[] = [];
  const invalid: InvalidParam[] = [];
  for (const [name, value] of Object.entries(inputParams)) {
    const dataType = inputs[name];
    if (dataType === undefined) {
      notFound.push(name);
    } else if (!matchesInputType(value, dataType)) {
      invalid.push({
        paramName: name,
        paramValue: JSON.stringify(value),
        dataType,
        inputCellType: INPUT_CELL_TYPES[dataType],
      });
    }
  }
  return notFound.length + invalid.length > 0 ? { ok: false, status: 422, invalid, notFound } : undefined;
}

/** Checks a JSON value against a declared input type. Strings are not converted to numbers or booleans. */
function matchesInputType(value: unknown, dataType: SimInputType): boolean {
  switch (dataType) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
  }
}
