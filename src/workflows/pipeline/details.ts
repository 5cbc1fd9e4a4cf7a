// Text about a pipeline run: the Markdown that the Temporal Web UI shows as the workflow's current details, and the
// message of a failed pipeline.
import type { HexPipelineProgress, PipelineStepState } from './types.js';

/** Markdown listing every step with its status and a link to its latest Hex run. */
export function pipelineDetails(progress: HexPipelineProgress): string {
  const header =
    `Pipeline **${progress.pipeline}**: ${progress.status}, logical date ${progress.logicalDate} ` +
    `(${progress.logicalDateSource}), failure policy ${progress.failurePolicy}`;
  return [header, '', ...progress.steps.map((step) => `- ${stepLine(step)}`)].join('\n');
}

/** Builds one line that names the failed steps with their reasons, then the cancelled and skipped ones. */
export function pipelineFailureMessage(progress: HexPipelineProgress): string {
  const failed = progress.steps.filter((step) => step.status === 'failed');
  const skipped = names(progress.steps, 'skipped');
  const cancelled = names(progress.steps, 'cancelled');
  const parts = failed.map((step) => `step "${step.name}" failed: ${step.reason ?? 'no reason given'}`);
  if (cancelled) parts.push(`cancelled: ${cancelled}`);
  if (skipped) parts.push(`skipped: ${skipped}`);
  return `Pipeline ${progress.pipeline} did not complete; ${parts.join('; ')}`;
}

function stepLine(step: PipelineStepState): string {
  const run = step.runUrl ? `, [Hex run ${step.runId ?? ''}](${step.runUrl})` : '';
  const retries = step.runs > 1 ? ` (run ${step.runs})` : '';
  if (step.status === 'waiting') {
    const waitingFor = step.dependsOn.length > 0 ? ` for ${step.dependsOn.join(', ')}` : '';
    return `**${step.name}**: waiting${waitingFor}`;
  }
  const reason = step.reason && step.status !== 'failed' ? `: ${step.reason}` : '';
  const hexStatus = step.runStatus && step.runStatus !== 'COMPLETED' ? ` (Hex: ${step.runStatus})` : '';
  return `**${step.name}**: ${step.status}${hexStatus}${retries}${run}${reason}`;
}

function names(steps: PipelineStepState[], status: PipelineStepState['status']): string {
  return steps
    .filter((step) => step.status === status)
    .map((step) => step.name)
    .join(', ');
}
