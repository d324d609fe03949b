import type { ActionContext, TransitionSummary } from '../../src/domain/actions';
import type { Phase } from '../../src/domain/phase';
import { deliver, type DeliveryOptions } from './deliveryErrors';
import type { SlackNotifySpec } from './schemas';

export interface SlackNotifyOptions extends DeliveryOptions {
  errors?: TransitionSummary['errors'];
}

const EMOJI: Partial<Record<Phase, string>> = {
  ready: ':white_check_mark:',
  failed: ':x:',
  canceled: ':no_entry_sign:',
  stalled: ':hourglass:',
  'needs-attention': ':warning:',
};

/** A failed job can list many outputs; a Slack line is for people, the HTTP action carries them all. */
const MAX_ERRORS = 10;
const MAX_ERROR_CHARS = 300;

/** Slack reads `<…>` as links and mentions and `&` as an entity: provider text must not. */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One readable line, then one line per error: `:x: mkio job t/j (acme) → Error (failed) via webhook`. */
export function slackText(ctx: ActionContext, errors: TransitionSummary['errors'] = []): string {
  const t = ctx.transition;
  const emoji = EMOJI[t.phase] ?? ':arrows_counterclockwise:';
  const head = `${emoji} ${ctx.provider} ${ctx.kind} ${ctx.id} (${ctx.account}) → ${t.state} (${t.phase}) via ${t.via}`;
  const lines = errors.slice(0, MAX_ERRORS).map((e) => {
    const text = [e.code, e.message].filter((part) => part !== undefined && part !== '').join(': ');
    return `• ${text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text || 'unknown error'}`;
  });
  if (errors.length > MAX_ERRORS) lines.push(`… and ${errors.length - MAX_ERRORS} more`);
  return escapeMrkdwn([head, ...lines].join('\n'));
}

/** Posts the line to a Slack incoming webhook; its URL path is the secret and never reaches an error. */
export async function sendSlackNotification(spec: SlackNotifySpec, ctx: ActionContext, options: SlackNotifyOptions = {}): Promise<{ status: number }> {
  const body = JSON.stringify({ text: slackText(ctx, options.errors), ...(spec.channel ? { channel: spec.channel } : {}) });
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'Reelflow' });
  const status = await deliver({ action: 'notify.slack', url: spec.webhookUrl, headers, body, timeout: spec.timeout, secrets: [] }, options);
  return { status };
}
