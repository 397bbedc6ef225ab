/**
 * Hands a committed submission to the publishing pipeline. A port: orchestration provides it
 * (globally), so posts needs no import of orchestration and the dependency runs one way.
 */
export abstract class PostDispatcher {
  /** Called after commit. `scheduledTime` in the future delays the start until then. */
  abstract dispatch(submissionId: string, scheduledTime: Date): Promise<void>;
  /** Re-queues these runs of a dispatched submission (POST /v1/posts/:id/retry). */
  abstract requeue(runs: { id: string; attempts: number }[]): Promise<void>;
}
