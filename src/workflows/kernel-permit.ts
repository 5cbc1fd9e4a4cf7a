// The requesting side of the kernel semaphore, used by runHexProject: wait for a permit before the run request,
// give it back when the run has ended, and leave the queue when cancelled while waiting.
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PermitTicket } from '../activities/index.js';
import { permitGrantedSignal, permitRunStartedSignal, releasePermitSignal } from './kernel-semaphore-types.js';

/** Workflows started before holders reported their Hex run to the semaphore replay without the report. */
const REPORT_RUN_PATCH = 'report-hex-run-to-semaphore';

export class KernelPermit {
  readonly #granted = new Set<string>();
  #ticket?: PermitTicket;

  /** Installs the grant handler; call before requesting, because the grant may arrive before the request returns. */
  constructor() {
    setHandler(permitGrantedSignal, ({ requestId }) => {
      this.#granted.add(requestId);
    });
  }

  /** Joins the queue and waits for the grant. Cancelling the workflow while waiting takes the request back. */
  async acquire(request: (requester: { workflowId: string; runId: string }) => Promise<PermitTicket>): Promise<void> {
    const { workflowId, runId } = workflowInfo();
    this.#ticket = await request({ workflowId, runId });
    const { requestId } = this.#ticket;
    if (this.#ticket.semaphoreWorkflowId === null) return;
    await condition(() => this.#granted.has(requestId));
  }

  /** Tells the semaphore which Hex run the permit covers, so that it can cancel the run if this workflow is gone. */
  reportRun(run: { projectId: string; runId: string }): void {
    const ticket = this.#ticket;
    if (!ticket?.semaphoreWorkflowId || !patched(REPORT_RUN_PATCH)) return;
    const semaphore = getExternalWorkflowHandle(ticket.semaphoreWorkflowId);
    // Not awaited and not cancellable, like the release: the run must not wait on the semaphore.
    void CancellationScope.nonCancellable(() =>
      semaphore.signal(permitRunStartedSignal, { requestId: ticket.requestId, ...run })
    ).catch((error: unknown) => {
      log.warn('Could not report the Hex run to the kernel semaphore', { ...run, error: String(error) });
    });
  }

  /** Gives the permit back, or leaves the queue; safe to call in any state and when already cancelled. */
  async release(): Promise<void> {
    const ticket = this.#ticket;
    if (!ticket?.semaphoreWorkflowId) return;
    this.#ticket = undefined;
    const semaphore = getExternalWorkflowHandle(ticket.semaphoreWorkflowId);
    await CancellationScope.nonCancellable(() =>
      semaphore.signal(releasePermitSignal, { requestId: ticket.requestId })
    ).catch((error: unknown) => {
      // The semaphore's sweep takes the permit back from a closed workflow, so a lost release only delays others.
      log.warn('Could not release the kernel permit', { requestId: ticket.requestId, error: String(error) });
    });
  }
}
