// Pipeline JSON files, as `pipeline` and `schedule create` read them: the same JSON that
// `temporal workflow start --type hexPipeline --input-file` accepts.
import { readFileSync } from 'node:fs';
import type { SearchAttributePair } from '@temporalio/common';
import { checkHexPipelineInput } from '../workflows/pipeline/input.js';
import type { HexPipelineInput } from '../workflows/pipeline/types.js';
import { HEX_PIPELINE } from '../workflows/search-attributes.js';
import { UsageError } from './run-command.js';

export function readPipelineFile(path: string): HexPipelineInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Could not read pipeline file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as HexPipelineInput;
  } catch (error) {
    throw new UsageError(`Pipeline file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Runs the workflow's own input checks, so that a bad pipeline fails here instead of in a started workflow. */
export function checkPipeline(input: HexPipelineInput, source: string): void {
  try {
    checkHexPipelineInput(input);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}`);
  }
}

/** Start options that let the Temporal Web UI filter by pipeline and show what the workflow runs. */
export function pipelineStartOptions(input: HexPipelineInput): {
  typedSearchAttributes: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
} {
  const steps = input.steps.map((step) => {
    const after = step.dependsOn?.length ? ` after ${step.dependsOn.join(', ')}` : '';
    return `- **${step.name}**: Hex project \`${step.projectId}\`${after}`;
  });
  return {
    typedSearchAttributes: [{ key: HEX_PIPELINE, value: input.name }],
    staticSummary: `Hex pipeline ${input.name}: ${input.steps.length} step${input.steps.length === 1 ? '' : 's'}`,
    staticDetails: [
      `Pipeline **${input.name}**, failure policy ${input.failurePolicy ?? 'failFast'}`,
      '',
      ...steps,
    ].join('\n'),
  };
}
