// The pipeline's dependency graph checks, without Temporal.
import { describe, expect, it } from 'vitest';
import { checkStepGraph, findCycles } from '../src/workflows/pipeline/graph.js';

const step = (name: string, ...dependsOn: string[]) => ({ name, dependsOn });

describe('checkStepGraph', () => {
  it('accepts a diamond', () => {
    expect(checkStepGraph([step('a'), step('b', 'a'), step('c', 'a'), step('d', 'b', 'c')])).toEqual([]);
  });

  it('accepts steps listed after their dependents', () => {
    expect(checkStepGraph([step('d', 'b', 'c'), step('b', 'a'), step('c', 'a'), step('a')])).toEqual([]);
  });

  it('names a duplicate step and its positions', () => {
    const problems = checkStepGraph([step('load'), step('report', 'load'), step('load')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('step name "load" is used by steps 1, 3');
    expect(problems[0]).toContain('unique name');
  });

  it('names an unknown dependency and the known steps', () => {
    const problems = checkStepGraph([step('load'), step('report', 'lod')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('step "report" depends on "lod"');
    expect(problems[0]).toContain('"load"');
  });

  it('names every step of a cycle in order', () => {
    const problems = checkStepGraph([step('a', 'c'), step('b', 'a'), step('c', 'b'), step('d')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('a → c → b → a');
    expect(problems[0]).toContain('remove one of these dependencies');
  });

  it('reports a step that depends on itself', () => {
    const problems = checkStepGraph([step('a', 'a')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('a → a');
  });
});

describe('findCycles', () => {
  it('finds none in a chain', () => {
    expect(findCycles([step('a'), step('b', 'a'), step('c', 'b')])).toEqual([]);
  });

  it('finds two separate cycles', () => {
    const cycles = findCycles([step('a', 'b'), step('b', 'a'), step('c', 'd'), step('d', 'c')]);
    expect(cycles).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('finds a cycle behind an unknown dependency', () => {
    expect(findCycles([step('a', 'missing', 'b'), step('b', 'a')])).toEqual([['a', 'b']]);
  });
});
