/** How an entity workflow waits for news before it asks the provider itself (docs/architecture.md#wait-then-poll). */
export interface WaitPolicy {
  /** No event for this long → poll. */
  quietForMs: number;
  /** Poll intervals double up to this. */
  maxPollIntervalMs: number;
  /** No transition for this long → stalled, alert, stop polling. */
  maxWaitMs: number;
  /** The provider's rate-limited poll queue. */
  pollTaskQueue: string;
}

/** The next wait after a poll that brought nothing new: doubled, capped. */
export const nextPollDelay = (currentMs: number, policy: WaitPolicy): number => Math.min(currentMs * 2, policy.maxPollIntervalMs);
