// Activities of the kernel semaphore: joining its queue (starting it when needed) and finding permit holders whose
// workflows closed without releasing. Neither calls Hex.
import { activityInfo, getClient } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  acquirePermitSignal,
  type HexRunAdmissionLimits,
  type KernelSemaphoreState,
  type PermitRequest,
} from '../workflows/kernel-semaphore-types.js';

export interface KernelPermitDependencies {
  /** Workflow id of the semaphore shared by every worker that uses the same Hex token. */
  semaphoreWorkflowId: string;
  /** Undefined turns admission off: runs start without waiting for a permit. */
  limits?: HexRunAdmissionLimits;
}

export interface PermitTicket {
  requestId: string;
  /** The semaphore to release the permit to; null when admission is off. */
  semaphoreWorkflowId: string | null;
}

export interface WorkflowRef {
  workflowId: string;
  runId: string;
}

export function createKernelPermitActivities(deps: KernelPermitDependencies) {
  /** Joins the semaphore's queue; the grant arrives later as a signal to the requesting workflow. */
  async function requestKernelPermit(requester: WorkflowRef): Promise<PermitTicket> {
    const requestId = `${requester.workflowId}/${requester.runId}`;
    if (!deps.limits) return { requestId, semaphoreWorkflowId: null };
    const request: PermitRequest = { requestId, ...requester, limits: deps.limits };
    const initial: KernelSemaphoreState = { limits: deps.limits, holders: [], queue: [], grantTimes: [] };
    await getClient().workflow.signalWithStart('hexKernelSemaphore', {
      workflowId: deps.semaphoreWorkflowId,
      taskQueue: activityInfo().taskQueue,
      args: [initial],
      signal: acquirePermitSignal,
      signalArgs: [request],
      staticSummary: 'Admits Hex runs within the kernel and run-request limits of one token',
    });
    return { requestId, semaphoreWorkflowId: deps.semaphoreWorkflowId };
  }

  /** Returns the run ids among `refs` whose workflow run is no longer running. */
  async function findClosedWorkflows(refs: WorkflowRef[]): Promise<string[]> {
    const client = getClient();
    const closed: string[] = [];
    for (const ref of refs) {
      try {
        const description = await client.workflow.getHandle(ref.workflowId, ref.runId).describe();
        if (description.status.name !== 'RUNNING') closed.push(ref.runId);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) closed.push(ref.runId);
        else throw error;
      }
    }
    return closed;
  }

  return { requestKernelPermit, findClosedWorkflows };
}
