import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { ProviderApiError } from '../src/providers/apiError';

/**
 * Turns a provider API error into the failure Temporal should act on: wait as long as a 429
 * asks, back off on 5xx and network errors, never retry what cannot succeed. Rate limits are
 * BENIGN: expected, not worth an error in metrics or logs.
 */
export function providerFailure(error: unknown): Error {
  if (!(error instanceof ProviderApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.status === 429) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'ProviderRateLimited',
      nextRetryDelay: error.retryAfterMs ?? 2000,
      category: ApplicationFailureCategory.BENIGN,
    });
  }
  if (error.status === 0 || error.status >= 500 || error.status === 408) {
    return ApplicationFailure.retryable(error.message, 'ProviderUnavailable');
  }
  return ApplicationFailure.nonRetryable(error.message, 'ProviderRejected');
}
