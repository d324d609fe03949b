import { jobCloudEvent, locatorSource, mkioCloudEvent } from './cloudEvents';
import { bump } from '../kit/counters';
import type { FakeMkioCounters } from './counters';
import type { WebhookSender } from '../kit/webhookSender';
import { jobKey, jobResourceOf, JobStore, type JobOutcome, type JobRecord, type JobTiming, type JobTransition } from './jobs';
import { LiveChannelStore, liveKey, type LiveChannelRecord, type LiveTiming, type LiveTransition } from './liveChannels';
import { liveChannelResource, liveSource, operationResource, operationSource, type OperationSpec } from './liveResources';
import { LocatorStore, locatorResourceOf, type LocatorRecord } from './locators';
import { OperationStore, type OperationRecord, type OperationTransition } from './scheduledOperations';
import type { MkioLiveApi, MkioLiveResourceType } from '../../providers/mkio/source';
import type { PendingWork } from '../kit/pending';
import { sendToRule } from './ruleDelivery';
import { WebhookRuleStore, type WebhookRule, type WebhookRuleSpec } from './webhookRules';

export interface MkioServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  counters: FakeMkioCounters;
  timing: () => JobTiming & LiveTiming & { operationStepMs: number };
  outcome: (job: { project: string; transform: string; name: string }) => JobOutcome;
}

/**
 * The fake's behaviour without HTTP: stores, the job clock and the events their changes fire.
 * Routes and the test-facing handle both call this, so a PUT and `createJob()` cannot differ.
 */
export class MkioService {
  readonly jobs: JobStore;
  readonly locators = new LocatorStore();
  readonly rules = new WebhookRuleStore();
  readonly channels: LiveChannelStore;
  readonly operations: OperationStore;

  constructor(private readonly deps: MkioServiceDeps) {
    this.jobs = new JobStore({ pending: deps.pending, timing: deps.timing, outcome: deps.outcome, onTransition: (t) => this.announceJob(t) });
    this.channels = new LiveChannelStore({ pending: deps.pending, timing: deps.timing, onTransition: (t) => this.announceLive(t) });
    this.operations = new OperationStore({
      pending: deps.pending,
      stepMs: () => deps.timing().operationStepMs,
      onTransition: (t) => this.announceOperation(t),
      onWindow: (operation, edge) => {
        const channel = this.channels.get(operation.project, operation.resourceType, operation.channel);
        if (!channel) return;
        if (edge === 'start') this.channels.start(channel);
        else this.channels.stop(channel);
      },
    });
  }

  putLive(project: string, api: MkioLiveApi, name: string, body: unknown): { channel: LiveChannelRecord; created: boolean } {
    const result = this.channels.put(project, api, name, body);
    if (result.created) this.deps.counters.liveChannelsCreated++;
    return result;
  }

  countLiveGet(project: string, name: string): void {
    bump(this.deps.counters.getsByLive, liveKey(project, name));
  }

  /** A scheduled operation belongs to a Live API resource that must exist first. */
  putOperation(project: string, resourceType: MkioLiveResourceType, channel: string, name: string, spec: OperationSpec): { operation: OperationRecord; created: boolean } | undefined {
    if (!this.channels.get(project, resourceType, channel)) return undefined;
    const result = this.operations.put(project, resourceType, channel, name, spec);
    if (result.created) this.deps.counters.scheduledOperationsCreated++;
    return result;
  }

  putJob(project: string, transform: string, name: string, body: unknown): { job: JobRecord; created: boolean } {
    const result = this.jobs.put(project, transform, name, body);
    if (result.created) this.deps.counters.jobsCreated++;
    return result;
  }

  countJobGet(project: string, transform: string, name: string): void {
    bump(this.deps.counters.getsByJob, jobKey(project, transform, name));
  }

  putLocator(project: string, name: string, body: unknown): { locator: LocatorRecord; created: boolean } {
    const result = this.locators.put(project, name, body);
    if (result.created) {
      this.deps.counters.locatorsCreated++;
      this.announceLocator(result.locator);
    }
    return result;
  }

  putRule(project: string, name: string, spec: WebhookRuleSpec): { rule: WebhookRule; created: boolean } {
    return this.rules.put(project, name, spec);
  }

  /** One envelope per transition, shared by every subscribed rule: same occurrence, same CloudEvents id. */
  private announceJob({ job, previousState, state, at }: JobTransition): void {
    const type = state === 'Processing' ? 'MediaKind.JobStarted' : 'MediaKind.JobFinished';
    const subscribers = this.rules.subscribers(job.project, type);
    if (subscribers.length === 0) return;
    const event = jobCloudEvent({
      project: job.project,
      transform: job.transform,
      job: job.name,
      type,
      previousState,
      state,
      time: at,
      resource: jobResourceOf(job),
    });
    for (const rule of subscribers) sendToRule(this.deps.sender, rule, event, type === 'MediaKind.JobFinished');
  }

  /** Live resources go round: no event is a resource's last, so `reorder` never holds them. */
  private announceLive({ channel, type, previousState, state, at }: LiveTransition): void {
    const subscribers = this.rules.subscribers(channel.project, type);
    if (subscribers.length === 0) return;
    const event = mkioCloudEvent({
      type,
      source: liveSource(channel.project, channel.api, channel.name),
      project: channel.project,
      previousState,
      state,
      time: at,
      resource: liveChannelResource(channel),
    });
    for (const rule of subscribers) sendToRule(this.deps.sender, rule, event);
  }

  private announceOperation({ operation, type, previousState, state, at }: OperationTransition): void {
    const subscribers = this.rules.subscribers(operation.project, type);
    if (subscribers.length === 0) return;
    const event = mkioCloudEvent({ type, source: operationSource(operation), project: operation.project, previousState, state, time: at, resource: operationResource(operation) });
    const last = type === 'MediaKind.ScheduledOperationCompleted' || type === 'MediaKind.ScheduledOperationError';
    for (const rule of subscribers) sendToRule(this.deps.sender, rule, event, last);
  }

  private announceLocator(locator: LocatorRecord): void {
    const type = 'MediaKind.StreamingLocatorCreated';
    const subscribers = this.rules.subscribers(locator.project, type);
    if (subscribers.length === 0) return;
    const event = mkioCloudEvent({
      type,
      source: locatorSource(locator.project, locator.name),
      project: locator.project,
      previousState: 'Creating',
      state: 'Created',
      time: new Date(locator.created),
      resource: locatorResourceOf(locator),
    });
    for (const rule of subscribers) sendToRule(this.deps.sender, rule, event);
  }
}
