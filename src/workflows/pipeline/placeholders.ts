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

/** Every placeholder name with its format; `ds` and `ds_nodash` also take a day offset such as `{{ ds - 7 }}`. */
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

const OFFSET_NAMES = ['ds', 'ds_nodash'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const EXPRESSION = /^([a-z_]+)(?:\s*([+-])\s*(\d{1,4}))?$/;
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
      if (evaluate(match[1] ?? '', SAMPLE_CONTEXT) === undefined) {
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
  if (!OFFSET_NAMES.includes(name)) return undefined;
  const days = Number(parsed[3]) * (parsed[2] === '-' ? -1 : 1);
  return placeholder.value({ ...context, ds: addDays(context.ds, days) });
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
