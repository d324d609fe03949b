import { jobCloudEvent, locatorSource, mkioCloudEvent } from './cloudEvents';
import { bump } from '../kit/counters';
import type { FakeMkioCounters } from './counters';
import type { WebhookSender } from '../kit/webhookSender';
import { jobKey, jobResourceOf, JobStore, type JobOutcome, type JobRecord, type JobTiming, type JobTransition } from './jobs';
import { LocatorStore, locatorResourceOf, type LocatorRecord } from './locators';
import type { PendingWork } from '../kit/pending';
import { sendToRule } from './ruleDelivery';
import { WebhookRuleStore, type WebhookRule, type WebhookRuleSpec } from './webhookRules';

export interface MkioServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  counters: FakeMkioCounters;
  timing: () => JobTiming;
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

  constructor(private readonly deps: MkioServiceDeps) {
    this.jobs = new JobStore({ pending: deps.pending, timing: deps.timing, outcome: deps.outcome, onTransition: (t) => this.announceJob(t) });
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
