import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { findConnection, type ReelflowConfig } from '../src/config/load';
import type { ActionSpec } from '../src/config/actions';
import type { ActionContext, TransitionSummary } from '../src/domain/actions';
import { parseResourceKey } from '../src/domain/resourceKey';
import { failureSummary, isExpectedFailure, markReported } from '../src/observability/expectedFailure';
import { providerAdapter } from '../src/providers/registry';
import { sendHttpNotification } from './notify/httpNotify';
import { sendSlackNotification } from './notify/slackNotify';
import { providerFailure } from './providerFailure';

export interface RunActionRequest {
  actionName: string;
  ctx: ActionContext;
}

export interface ActionDeps {
  config: ReelflowConfig;
  client: Client;
  fetch?: typeof fetch;
}

/**
 * runAction: one configured action for one transition. Specs (with their secrets) are read
 * from this worker's config by name, so no secret ever enters workflow history. Every
 * action is idempotent by ctx.idempotencyKey or by a deterministic name.
 */
export function createActionActivities({ config, client, fetch: fetchImpl = fetch }: ActionDeps) {
  async function run(spec: ActionSpec, ctx: ActionContext): Promise<string> {
    const errors: TransitionSummary['errors'] = providerAdapter(ctx.provider)?.errorsOf?.(ctx.resource);
    switch (spec.type) {
      case 'publish': {
        const ref = parseResourceKey(ctx.key);
        const adapter = providerAdapter(ref.provider);
        const connection = findConnection(config, ref.provider, ctx.connection);
        if (!adapter?.publish || !connection) throw ApplicationFailure.nonRetryable(`${ref.provider} resources cannot be published`, 'ActionUnsupported');
        try {
          const result = await adapter.publish(ref, ctx.resource, connection, fetchImpl);
          return `${result.target} ${result.created ? 'created' : 'already existed'}`;
        } catch (error) {
          throw providerFailure(error);
        }
      }
      case 'notify.http': {
        const answer = await sendHttpNotification(spec, ctx, { fetch: fetchImpl, errors });
        return `HTTP ${answer.status}`;
      }
      case 'notify.slack': {
        const answer = await sendSlackNotification(spec, ctx, { fetch: fetchImpl, errors });
        return `Slack ${answer.status}`;
      }
      case 'startWorkflow': {
        // One run per transition and action: the id is deterministic, and REJECT_DUPLICATE makes a
        // retry find it even after it has finished.
        const workflowId = `${spec.workflowType}:${ctx.key}:${ctx.transition.eventId}:${ctx.actionName}`;
        try {
          await client.workflow.start(spec.workflowType, {
            workflowId,
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            taskQueue: spec.taskQueue ?? config.temporal.taskQueue,
            args: [{ key: ctx.key, transition: ctx.transition, resource: ctx.resource }],
          });
          return `started ${workflowId}`;
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError) return `${workflowId} already started`;
          throw error;
        }
      }
      case 'alert': {
        Context.current().log.warn('reelflow alert', { key: ctx.key, phase: ctx.transition.phase, state: ctx.transition.state, errors });
        const sent: string[] = [];
        for (const target of spec.notify) {
          const targetSpec = config.actions[target];
          if (targetSpec?.type !== 'notify.http' && targetSpec?.type !== 'notify.slack') continue;
          await run(targetSpec, { ...ctx, idempotencyKey: `${ctx.idempotencyKey}:${target}`, actionName: target });
          sent.push(target);
        }
        return sent.length ? `alerted via ${sent.join(', ')}` : 'logged';
      }
    }
  }

  return {
    async runAction({ actionName, ctx }: RunActionRequest): Promise<string> {
      const log = Context.current().log;
      try {
        const spec = config.actions[actionName];
        if (!spec) throw ApplicationFailure.nonRetryable(`no action named "${actionName}" in this worker's config`, 'ActionUnknown');
        const outcome = await run(spec, ctx);
        log.info('action done', { action: actionName, key: ctx.key, outcome });
        return outcome;
      } catch (error) {
        // An expected failure in one line, with the action's name; a surprise is left to the SDK's line, with its stack.
        if (isExpectedFailure(error)) {
          const benign = (error as ApplicationFailure).category === ApplicationFailureCategory.BENIGN;
          log[benign ? 'debug' : 'warn']('action failed', { action: actionName, key: ctx.key, failure: failureSummary(error) });
          markReported(error);
        }
        throw error;
      }
    },
  };
}
