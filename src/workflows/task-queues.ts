// Task queue names. Every Hex API call runs on one of two activity task queues whose server-side rate limit
// matches one of Hex's limits. Both names derive from the workflows' task queue, so a workflow finds them itself.

export interface HexTaskQueues {
  /** Workflows and the activities that call no Hex API. */
  workflows: string;
  /** `POST /v1/projects/{projectId}/runs`, limited to Hex's run requests per minute. */
  runRequests: string;
  /** Status, cancel and list requests, limited to Hex's other requests per minute. */
  otherRequests: string;
}

export function hexTaskQueues(workflowTaskQueue: string): HexTaskQueues {
  return {
    workflows: workflowTaskQueue,
    runRequests: `${workflowTaskQueue}-hex-run-requests`,
    otherRequests: `${workflowTaskQueue}-hex-other-requests`,
  };
}
