// Every workflow the worker registers. This file is the worker's workflowsPath.
export { runHexProject } from './run-hex-project.js';
export { hexKernelSemaphore } from './kernel-semaphore.js';
export { hexPipeline } from './pipeline/workflow.js';
