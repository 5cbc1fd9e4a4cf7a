// The live view of a pipeline while the client waits: a block of one line per step that redraws itself on a
// terminal, or a new line for each step whose state changed elsewhere (CI logs, pipes).
import type { HexPipelineProgress, PipelineStepState } from '../workflows/pipeline/types.js';
import { formatElapsed } from './progress-line.js';

export class PipelineView {
  readonly #stream: NodeJS.WriteStream;
  #drawnLines = 0;
  readonly #lastStates = new Map<string, string>();

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
  }

  update(progress: HexPipelineProgress, nowMs = Date.now()): void {
    if (this.#stream.isTTY) {
      this.#redraw(formatSteps(progress, nowMs));
      return;
    }
    for (const step of progress.steps) {
      const state = `${step.status} ${step.runs} ${step.runUrl ?? ''}`;
      if (this.#lastStates.get(step.name) === state) continue;
      this.#lastStates.set(step.name, state);
      this.#stream.write(`${step.name}: ${describeStep(step, nowMs)}\n`);
    }
  }

  #redraw(lines: string[]): void {
    // Move up to the first line drawn last time, then rewrite each line in place. A line cut to the terminal's
    // width cannot wrap, so the count of lines to move up stays right.
    const width = this.#stream.columns > 1 ? this.#stream.columns - 1 : Infinity;
    if (this.#drawnLines > 0) this.#stream.write(`\x1b[${this.#drawnLines}A`);
    for (const line of lines) this.#stream.write(`\x1b[2K${line.slice(0, width)}\n`);
    this.#drawnLines = lines.length;
  }
}

/** Formats one aligned line per step: name, status, elapsed time, run count and the Hex run's URL or the reason. */
export function formatSteps(progress: HexPipelineProgress, nowMs = Date.now()): string[] {
  const width = Math.max(...progress.steps.map((step) => step.name.length));
  return progress.steps.map((step) => `${step.name.padEnd(width)}  ${describeStep(step, nowMs)}`);
}

function describeStep(step: PipelineStepState, nowMs: number): string {
  const parts = [step.status.padEnd(9)];
  if (step.startedAt) {
    const end = step.endedAt ? Date.parse(step.endedAt) : nowMs;
    parts.push(formatElapsed(Math.max(0, end - Date.parse(step.startedAt))).padStart(6));
  }
  if (step.runs > 1) parts.push(`run ${step.runs}`);
  if (step.runStatus && step.runStatus !== 'COMPLETED') parts.push(step.runStatus);
  if (step.runUrl) parts.push(step.runUrl);
  if (step.status === 'waiting' && step.dependsOn.length > 0) parts.push(`for ${step.dependsOn.join(', ')}`);
  if (step.reason && step.status !== 'failed') parts.push(`(${step.reason})`);
  return parts.join('  ');
}
