// `{{ name }}` placeholders in a step's input parameters and notification texts, such as `{{ ds }}` for the
// logical date. Pure: the workflow replaces them with values derived from its logical date.
import { addDays } from './logical-date.js';

/** Values the placeholders are computed from. */
export interface PlaceholderContext {
  /** Logical date, `YYYY-MM-DD`. */
  ds: string;
  /** Logical timestamp, ISO 8601 in UTC with whole seconds. */
  ts: string;
  pipeline: string;
  step: string;
  workflowId: string;
}

/**
 * Every placeholder name with its format; `ds` and `ds_nodash` also take a day offset such as `{{ ds - 7 }}`, up to
 * MAX_DAY_OFFSET days.
 */
export const PLACEHOLDERS: Record<string, { format: string; value: (context: PlaceholderContext) => string }> = {
  ds: { format: 'logical date, YYYY-MM-DD', value: (c) => c.ds },
  ds_nodash: { format: 'logical date, YYYYMMDD', value: (c) => c.ds.replaceAll('-', '') },
  yesterday_ds: { format: 'the day before the logical date, YYYY-MM-DD', value: (c) => addDays(c.ds, -1) },
  tomorrow_ds: { format: 'the day after the logical date, YYYY-MM-DD', value: (c) => addDays(c.ds, 1) },
  ts: { format: 'logical timestamp, ISO 8601 in UTC: YYYY-MM-DDTHH:MM:SSZ', value: (c) => c.ts },
  ts_nodash: { format: 'logical timestamp in UTC, YYYYMMDDTHHMMSS', value: (c) => c.ts.replace(/[-:Z]/g, '') },
  pipeline: { format: "the pipeline's name", value: (c) => c.pipeline },
  step: { format: "the step's name", value: (c) => c.step },
  workflow_id: { format: "the pipeline's workflow id", value: (c) => c.workflowId },
};

/**
 * Largest day offset in `{{ ds + N }}` and `{{ ds - N }}`, about 27 years. It is the largest offset that earlier
 * versions accepted (four digits), so a pipeline that passed the checks before still passes them on replay.
 */
export const MAX_DAY_OFFSET = 9999;

const OFFSET_NAMES = ['ds', 'ds_nodash'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const EXPRESSION = /^([a-z_]+)(?:\s*([+-])\s*(\d+))?$/;
const SAMPLE_CONTEXT: PlaceholderContext = {
  ds: '2024-05-01',
  ts: '2024-05-01T00:00:00Z',
  pipeline: 'pipeline',
  step: 'step',
  workflowId: 'workflow',
};

/** Lists each unknown or unclosed placeholder in the strings of a JSON value, naming where it is and the fix. */
export function checkPlaceholders(value: unknown, where: string): string[] {
  const problems: string[] = [];
  visitStrings(value, where, (text, path) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const offset = dayOffset(match[1] ?? '');
      if (offset !== undefined && Math.abs(offset) > MAX_DAY_OFFSET) {
        problems.push(
          `${path} contains "${match[0]}", whose day offset ${offset} is out of range: use an offset from ` +
            `-${MAX_DAY_OFFSET} to +${MAX_DAY_OFFSET} days`
        );
      } else if (evaluate(match[1] ?? '', SAMPLE_CONTEXT) === undefined) {
        problems.push(
          `${path} contains the unknown placeholder "${match[0]}": use one of ${placeholderList()}, ` +
            'or a day offset such as {{ ds - 1 }}'
        );
      }
    }
    if (text.replace(PLACEHOLDER, '').includes('{{')) {
      problems.push(`${path} contains "{{" without a matching "}}": close the placeholder, as in {{ ds }}`);
    }
  });
  return problems;
}

/** Returns a copy of a JSON value with the placeholders in its strings replaced; unknown ones are left as they are. */
export function renderPlaceholders<T>(value: T, context: PlaceholderContext): T {
  return mapStrings(value, (text) =>
    text.replace(PLACEHOLDER, (whole, expression: string) => evaluate(expression, context) ?? whole)
  ) as T;
}

function evaluate(expression: string, context: PlaceholderContext): string | undefined {
  const parsed = EXPRESSION.exec(expression);
  const name = parsed?.[1] ?? '';
  const placeholder = Object.hasOwn(PLACEHOLDERS, name) ? PLACEHOLDERS[name] : undefined;
  if (parsed === null || placeholder === undefined) return undefined;
  if (parsed[2] === undefined) return placeholder.value(context);
  const days = dayOffset(expression);
  if (days === undefined || Math.abs(days) > MAX_DAY_OFFSET) return undefined;
  return placeholder.value({ ...context, ds: addDays(context.ds, days) });
}

/** Returns the signed day offset of an expression such as `ds - 7`, or undefined if it is not a day offset. */
function dayOffset(expression: string): number | undefined {
  const parsed = EXPRESSION.exec(expression);
  if (parsed?.[2] === undefined || !OFFSET_NAMES.includes(parsed[1] ?? '')) return undefined;
  return Number(parsed[3]) * (parsed[2] === '-' ? -1 : 1);
}

function placeholderList(): string {
  return Object.keys(PLACEHOLDERS)
    .map((name) => `{{ ${name} }}`)
    .join(', ');
}

function visitStrings(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => visitStrings(item, `${path}[${index}]`, visit));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) visitStrings(item, `${path}.${key}`, visit);
  }
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
