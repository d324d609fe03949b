/**
 * `reelflow webhooks sync` will not write, or what it wrote did not stick: the platform answered
 * fine, but going on would lose something or leave a registration that differs from the config.
 * The message says what and why (never a secret); the command exits non-zero.
 */
export class WebhookSyncError extends Error {
  override readonly name = 'WebhookSyncError';
}
