// Checks of a pipeline's dependency graph: unique step names, known dependencies and no cycle. Pure, so that the
// workflow and the client share it.

export interface GraphStep {
  name: string;
  dependsOn: readonly string[];
}

/** Lists every problem in the graph, each naming the steps involved and the fix; empty when the graph is a DAG. */
export function checkStepGraph(steps: readonly GraphStep[]): string[] {
  const problems: string[] = [];
  const positions = new Map<string, number[]>();
  steps.forEach((step, index) => positions.set(step.name, [...(positions.get(step.name) ?? []), index + 1]));
  for (const [name, at] of positions) {
    if (at.length > 1) {
      problems.push(`step name "${name}" is used by steps ${at.join(', ')}: give each step a unique name`);
    }
  }

  const names = [...positions.keys()];
  for (const step of steps) {
    for (const dependency of step.dependsOn) {
      if (!positions.has(dependency)) {
        problems.push(
          `step "${step.name}" depends on "${dependency}", which is not a step of this pipeline: ` +
            `use one of ${names.map((name) => `"${name}"`).join(', ')}`
        );
      }
    }
  }

  for (const cycle of findCycles(steps)) {
    const path = [...cycle, cycle[0]].join(' → ');
    problems.push(
      `steps form a cycle, each depending on the next: ${path}; remove one of these dependencies so the steps can start`
    );
  }
  return problems;
}

/**
 * Finds cycles with a depth-first search that follows `dependsOn`, one for each back edge. Each cycle is listed
 * from the step where the search entered it; unknown dependencies are ignored here because they are reported apart.
 */
export function findCycles(steps: readonly GraphStep[]): string[][] {
  const dependencies = new Map<string, readonly string[]>();
  for (const step of steps) dependencies.set(step.name, [...(dependencies.get(step.name) ?? []), ...step.dependsOn]);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];

  const visit = (name: string): void => {
    state.set(name, 'open');
    path.push(name);
    for (const dependency of dependencies.get(name) ?? []) {
      if (!dependencies.has(dependency)) continue;
      const seen = state.get(dependency);
      if (seen === 'open') cycles.push(path.slice(path.indexOf(dependency)));
      else if (seen === undefined) visit(dependency);
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const step of steps) {
    if (!state.has(step.name)) visit(step.name);
  }
  return cycles;
}
