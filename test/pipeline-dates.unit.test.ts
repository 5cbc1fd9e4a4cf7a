// Logical dates and placeholders, without Temporal.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkTimeZone,
  formatTimestamp,
  localDate,
  localMidnight,
  parseLogicalDate,
} from '../src/workflows/pipeline/logical-date.js';
import { checkPlaceholders, PLACEHOLDERS, renderPlaceholders } from '../src/workflows/pipeline/placeholders.js';

const context = {
  ds: '2024-03-01',
  ts: '2024-03-01T06:30:00Z',
  pipeline: 'daily-refresh',
  step: 'revenue',
  workflowId: 'daily-refresh-2024-03-01T06:30:00Z',
};

describe('logical dates', () => {
  it('takes the day in the time zone', () => {
    const ms = Date.parse('2024-05-01T21:00:00Z');
    expect(localDate(ms, 'UTC')).toBe('2024-05-01');
    expect(localDate(ms, 'Asia/Tokyo')).toBe('2024-05-02');
    expect(localDate(ms, 'America/Los_Angeles')).toBe('2024-05-01');
  });

  it('finds local midnight across DST', () => {
    expect(localMidnight('2024-05-01', 'UTC')).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(localMidnight('2024-01-15', 'Europe/Paris')).toBe(Date.parse('2024-01-14T23:00:00Z'));
    expect(localMidnight('2024-07-15', 'Europe/Paris')).toBe(Date.parse('2024-07-14T22:00:00Z'));
    expect(localMidnight('2024-03-31', 'Europe/Paris')).toBe(Date.parse('2024-03-30T23:00:00Z'));
    expect(localMidnight('2024-05-02', 'Asia/Tokyo')).toBe(Date.parse('2024-05-01T15:00:00Z'));
  });

  it('adds days across month and leap day', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-05-10', -7)).toBe('2024-05-03');
  });

  it('formats timestamps with whole seconds', () => {
    expect(formatTimestamp(Date.parse('2024-05-01T06:00:00.789Z'))).toBe('2024-05-01T06:00:00Z');
  });

  it('parses a date as midnight in the time zone', () => {
    expect(parseLogicalDate('2024-05-01', 'UTC')).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(parseLogicalDate('2024-05-01', 'America/New_York')).toBe(Date.parse('2024-05-01T04:00:00Z'));
  });

  it('parses timestamps with a zone', () => {
    expect(parseLogicalDate('2024-05-01T06:00:00Z', 'Asia/Tokyo')).toBe(Date.parse('2024-05-01T06:00:00Z'));
    expect(parseLogicalDate('2024-05-01T06:00+02:00', 'UTC')).toBe(Date.parse('2024-05-01T04:00:00Z'));
  });

  it.each(['2024-02-30', '2024-05-01T06:00:00', 'yesterday', '01/05/2024', 20240501])('rejects %s', (value) => {
    const parsed = parseLogicalDate(value, 'UTC');
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain('use a date such as "2024-05-01"');
  });

  it('checks time zone names', () => {
    expect(checkTimeZone('Europe/Paris')).toBeUndefined();
    expect(checkTimeZone('Mars/Olympus')).toContain('"Mars/Olympus" is not a known IANA time zone');
    expect(checkTimeZone('')).toContain('is not a known IANA time zone');
  });
});

describe('placeholders', () => {
  it.each([
    ['{{ ds }}', '2024-03-01'],
    ['{{ds}}', '2024-03-01'],
    ['{{ ds_nodash }}', '20240301'],
    ['{{ yesterday_ds }}', '2024-02-29'],
    ['{{ tomorrow_ds }}', '2024-03-02'],
    ['{{ ds - 1 }}', '2024-02-29'],
    ['{{ ds+30 }}', '2024-03-31'],
    ['{{ ds_nodash - 7 }}', '20240223'],
    ['{{ ts }}', '2024-03-01T06:30:00Z'],
    ['{{ ts_nodash }}', '20240301T063000'],
    ['{{ pipeline }}', 'daily-refresh'],
    ['{{ step }}', 'revenue'],
    ['{{ workflow_id }}', 'daily-refresh-2024-03-01T06:30:00Z'],
    ['from {{ ds - 7 }} to {{ ds }}', 'from 2024-02-23 to 2024-03-01'],
  ])('renders %s', (text, expected) => {
    expect(renderPlaceholders(text, context)).toBe(expected);
  });

  it('renders strings inside arrays and objects and keeps other values', () => {
    const params = { days: 7, regions: ['EU', '{{ step }}'], window: { from: '{{ ds - 1 }}' }, flag: true };
    expect(renderPlaceholders(params, context)).toEqual({
      days: 7,
      regions: ['EU', 'revenue'],
      window: { from: '2024-02-29' },
      flag: true,
    });
  });

  it('accepts day offsets up to the maximum', () => {
    expect(checkPlaceholders({ from: '{{ ds - 9999 }}', to: '{{ ds_nodash + 9999 }}' }, 'inputParams')).toEqual([]);
    expect(renderPlaceholders('{{ ds + 9999 }}', context)).toBe('2051-07-17');
  });

  it('accepts every documented placeholder', () => {
    for (const name of Object.keys(PLACEHOLDERS)) {
      expect(checkPlaceholders({ value: `{{ ${name} }}` }, 'inputParams')).toEqual([]);
    }
  });

  it.each([
    ['{{ dss }}', 'unknown placeholder "{{ dss }}"'],
    ['{{ ts - 1 }}', 'unknown placeholder "{{ ts - 1 }}"'],
    ['{{ ds * 2 }}', 'unknown placeholder "{{ ds * 2 }}"'],
    ['{{ constructor }}', 'unknown placeholder "{{ constructor }}"'],
    ['{{ ds', '"{{" without a matching "}}"'],
    ['{{ ds + 99999 }}', 'day offset 99999 is out of range: use an offset from -9999 to +9999 days'],
    ['{{ ds_nodash - 10000 }}', 'day offset -10000 is out of range'],
  ])('rejects %s', (text, message) => {
    const problems = checkPlaceholders({ window: [text] }, 'step "revenue" inputParams');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('step "revenue" inputParams.window[0]');
    expect(problems[0]).toContain(message);
  });
});
