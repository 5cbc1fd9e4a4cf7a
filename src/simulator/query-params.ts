/** Bounds and default of an integer query parameter. */
export interface IntegerParamRule {
  min: number;
  max?: number;
  default: number;
}

export type ParamResult<T> = { ok: true; value: T } | { ok: false; details: string };

/** Parses an integer query parameter, such as `limit` (1 to 100, default 25) or `offset` (0 or more). */
export function parseIntegerParam(params: URLSearchParams, name: string, rule: IntegerParamRule): ParamResult<number> {
  const raw = params.get(name);
  if (raw === null || raw === '') return { ok: true, value: rule.default };
  const value = Number(raw);
  const inRange = Number.isInteger(value) && value >= rule.min && (rule.max === undefined || value <= rule.max);
  if (!inRange) {
    const range = rule.max === undefined ? `${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
    return { ok: false, details: `Query parameter "${name}" must be an integer ${range}, got ${JSON.stringify(raw)}.` };
  }
  return { ok: true, value };
}

/** Parses an optional enum query parameter, returning undefined when it is absent. */
export function parseEnumParam<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[]
): ParamResult<T | undefined> {
  const raw = params.get(name);
  if (raw === null || raw === '') return { ok: true, value: undefined };
  if (!(allowed as readonly string[]).includes(raw)) {
    return {
      ok: false,
      details: `Query parameter "${name}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}.`,
    };
  }
  return { ok: true, value: raw as T };
}

/** Parses an optional boolean query parameter (`true` or `false`). */
export function parseBooleanParam(params: URLSearchParams, name: string): ParamResult<boolean> {
  const raw = params.get(name);
  if (raw === null || raw === '' || raw === 'false') return { ok: true, value: false };
  if (raw === 'true') return { ok: true, value: true };
  return { ok: false, details: `Query parameter "${name}" must be true or false, got ${JSON.stringify(raw)}.` };
}
