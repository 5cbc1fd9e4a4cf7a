// The requesting side of the kernel semaphore, used by runHexProject: wait for a permit before the run request,
// give it back when the run has ended, and leave the queue when cancelled while waiting.
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PermitTicket } from '../activities/index.js';
import { permitGrantedSignal, releasePermitSignal } from './kernel-semaphore-types.js';

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
