import type { z } from 'zod';
import type { ReelflowConfig } from '../config/load';
import type { CanonicalEvent } from '../domain/canonicalEvent';
import type { LifecyclePolicyOverride } from '../domain/lifecyclePolicy';
import type { Kind, Phase, ProviderPhase } from '../domain/phase';
import type { ResourceKey, ResourceRef } from '../domain/resourceKey';
import type { DeliveryFaults } from '../simulators/kit/webhookSender';

/** What an adapter sees of a webhook request: the exact bytes, for signatures. */
export interface WebhookRequest {
  rawBody: Buffer;
  /** Lower-cased header names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
}

/** The fields every connection has, whatever its provider. */
export interface BaseConnection {
  name: string;
  provider: string;
}

export interface ParseContext<C extends BaseConnection> {
  connection: C;
  receivedAt: Date;
}

/**
 * Either canonical events to deliver, or a valid event Reelflow does not track (answered 200
 * ignored). `notes` are logged with the webhook (e.g. a status word the platform never documented).
 */
export type ParseOutcome = { outcome: 'events'; events: CanonicalEvent[]; notes?: string[] } | { outcome: 'ignored'; eventId: string; type: string; reason: string };

/**
 * What the provider's API says of a resource now. `gone` is a 404 (mapped once, by the poll
 * activity); `unknown` is an answer that tells nothing new (Media Manager lists only published
 * media, so an absent one is not a deleted one).
 */
export type FetchedState =
  /** `note`: something an operator should fix that the read worked around (logged by the worker, e.g. "set liveApi: …"). */
  { outcome: 'state'; state: string; phase: ProviderPhase; resource?: unknown; note?: string } | { outcome: 'gone' } | { outcome: 'unknown'; detail: string };

export interface PublishResult {
  /** What was published, e.g. the streaming locator's name. */
  target: string;
  /** False when it already existed: a repeat changed nothing. */
  created: boolean;
}

/**
 * One video platform's webhooks and API behind one small surface: verify, parse, fetchState.
 * Nothing else leaks out of its folder.
 */
export interface ProviderAdapter<C extends BaseConnection = BaseConnection> {
  readonly name: string;
  /** How people write the platform's name ("MK.IO", "FastPix"), for logs and the start banner. */
  readonly title: string;
  /** Validates this provider's entries under `connections:` in the config file. */
  readonly connectionSchema: z.ZodType<C>;
  /** Throws VerificationError when the request is not authentic. */
  verify(request: WebhookRequest, connection: C): void;
  /** Throws PayloadError naming the field when the body is not what the provider sends. */
  parse(json: unknown, request: WebhookRequest, context: ParseContext<C>): ParseOutcome;
  /** Where a canonical field comes from in this platform's payload, so a 400 names the platform's own field. */
  readonly payloadFields?: Partial<Record<keyof CanonicalEvent, string>>;
  /** How this platform's resources of a kind differ from the kind's default lifecycle (e.g. an undoable delete). */
  policy?(kind: Kind): LifecyclePolicyOverride | undefined;
  /** Whether this connection can be polled at all (e.g. it has an API token). */
  canPoll?(connection: C): boolean;
  /** The account of the resource keys this connection makes, when its config fixes it (absent: taken from each event). */
  accountOf?(connection: C): string | undefined;
  /** Reads the current state in one request (throws ProviderApiError; a 404 is `gone`); absent = cannot poll. */
  fetchState?(ref: ResourceRef, connection: C, fetchImpl?: typeof fetch): Promise<FetchedState>;
  /** Reads the full resource in one request (for actions once it is terminal). */
  fetchResource?(ref: ResourceRef, connection: C, fetchImpl?: typeof fetch): Promise<unknown>;
  /** The provider's own account of a failure, read from its resource (for notifications). */
  errorsOf?(resource: unknown): Array<{ code?: string; message?: string }>;
  /** Makes a finished resource playable (MK.IO: a streaming locator); idempotent by naming. */
  publish?(ref: ResourceRef, resource: unknown, connection: C, fetchImpl?: typeof fetch): Promise<PublishResult>;
  /** Default GETs per second across all workflows, below the provider's published limit. */
  readonly defaultPollRatePerSecond: number;
  /** Polling faster than this is pointless (Media Manager caches GETs for 60 s): wait policies never go below it. */
  readonly minPollIntervalMs?: number;
}

/** A webhook exactly as the platform sends it: the bytes, and headers carrying its signature or credentials. */
export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** Builds and signs webhooks as the platform does; the fake and the tests share it. */
export interface ProviderTestKit<C extends BaseConnection = BaseConnection> {
  /** A working connection entry with test secrets, and the account its resource keys carry. */
  connection(options: { name: string; account: string }): { entry: Record<string, unknown>; account: string };
  /** The request the platform would make for `body` to this connection (signature, Basic auth, secret header). */
  sign(connection: C, body: string): SignedWebhook;
  /**
   * The webhook bodies of one live session, in order (created, live, a drop, back, ended, its
   * recording, deleted): recorded as a history that every test run replays.
   */
  liveSession?(connection: C): { key: ResourceKey; bodies: string[] };
  /** The body of one webhook about resource number `n` (a new resource per n): what benchmarks send in bulk. */
  sampleWebhook?(connection: C, n: number): string;
}

/** A fake platform running on a real port. */
export interface RunningFake {
  /** Its API base, as a connection's `apiBaseUrl`. */
  readonly url: string;
  readonly counters: { webhooksGenerated: number; deliveryAttempts: number; deliveriesSucceeded: number; deliveriesDropped: number };
  setFaults(faults: DeliveryFaults): void;
  /** Resolves when no clock step and no delivery (delays and retries included) is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export type ScenarioName = 'vod-happy' | 'vod-error' | 'live-session' | 'lost-webhooks';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['vod-happy', 'vod-error', 'live-session', 'lost-webhooks'];

/** What `reelflow simulate` drives a scenario with: the fake's URL (it runs inside `npm start`) and the connection it serves. */
export interface ScenarioContext<C extends BaseConnection, O> {
  connection: C;
  options: O;
  fakeUrl: string;
  count: number;
  log(line: string): void;
}

/** One resource a scenario made, and what Reelflow should make of it. */
export interface ScenarioExpectation {
  key: ResourceKey;
  /** The platform's own name for it, for the table. */
  label: string;
  /** Reelflow should show this phase once the platform's side is done. */
  phase: Phase;
  /** The workflow should also list these related resources (a recording and its live stream). */
  related?: ResourceKey[];
}

export type Scenario<C extends BaseConnection, O> = (context: ScenarioContext<C, O>) => Promise<ScenarioExpectation[]>;

/** The fake platform of a provider: demo mode, `reelflow simulate` and the e2e tests use it. */
export interface ProviderSimulator<C extends BaseConnection = BaseConnection, O = unknown, F extends RunningFake = RunningFake> {
  /** Validates `simulators.<provider>:` in the config file. */
  readonly optionsSchema: z.ZodType<O>;
  start(options: O): Promise<F>;
  /** Makes the fake deliver its webhooks for this connection to `webhookUrl`, authenticated as the platform does. */
  connect(fake: F, connection: C, webhookUrl: string): void;
  /** Whether this fake serves the connection's API (its credentials). */
  serves(options: O, connection: C): boolean;
  /** The embedded demo's connection and fake, as raw config entries. */
  demo(): { connection: Record<string, unknown>; options: Record<string, unknown> };
  readonly scenarios: Partial<Record<ScenarioName, Scenario<C, O>>>;
}

/** `reelflow webhooks sync <provider>/<connection>`: Reelflow's webhook registration on the platform. */
export interface WebhookRegistrar<C extends BaseConnection = BaseConnection> {
  /**
   * Reads what is registered, writes what should be unless `dryRun`; `diff` says what differs (secrets masked).
   * `resendSecret`: write even when nothing readable differs, since a write-only secret cannot be compared (after a rotation).
   */
  sync(connection: C, options: { webhookUrl: string; dryRun: boolean; resendSecret?: boolean; fetch?: typeof fetch }): Promise<{ action: 'created' | 'updated' | 'unchanged'; diff: string[] }>;
  /** `reelflow webhooks events`: the platform's own delivery history of that registration (absent: it keeps none). */
  events?(connection: C, options: { fetch?: typeof fetch }): Promise<WebhookHistory>;
}

/** What the platform says it delivered, oldest first; `lost` marks a delivery it gave up on or still retries. */
export interface WebhookHistory {
  /** The registration's name on the platform (MK.IO: the rule). */
  registration: string;
  deliveries: Array<{ created: string; type: string; status: string; source: string; lost: boolean }>;
  /** Records the platform answered that could not be read. */
  skipped: number;
}

/** What one read of a platform's delivery history found: the resources whose webhooks were lost. */
export interface LostDeliveries {
  /** Resources with a Failed or Retrying delivery inside the lookback window, each once. */
  keys: ResourceKey[];
  /** Records read (all statuses, any age). */
  records: number;
  /** Failed or Retrying records inside the lookback window. */
  failed: number;
  /** Of those, records whose source names nothing Reelflow tracks (or that did not parse). */
  unmapped: number;
  /** Resources left for the next run, beyond what one run signals. */
  deferred?: number;
}

/** How often a connection reads its delivery history, and how far back a lost delivery still counts. */
export interface ReconcilePlan {
  everyMs: number;
  lookbackMs: number;
}

/**
 * Reconcile from the platform's own delivery history (MK.IO: the webhook rule's `/events`): a
 * Temporal schedule per connection reads it in one GET, and each resource with a lost delivery
 * polls at once.
 */
export interface DeliveryReconciler<C extends BaseConnection = BaseConnection> {
  /** Undefined when this connection does not reconcile (turned off, or no API token / project). */
  plan(connection: C): ReconcilePlan | undefined;
  /** One GET of the history; throws ProviderApiError as fetchState does. */
  lostDeliveries(connection: C, options: { now: Date; fetch?: typeof fetch }): Promise<LostDeliveries>;
}

/**
 * One platform as one module: its adapter, its fake, its test kit and whatever extra it needs.
 * Adding a platform is its folders (src/providers/<name>/, src/simulators/<name>/) plus one
 * line in registry.ts: config, demo, simulate, the CLI and the test harness iterate the registry.
 */
export interface ProviderModule<C extends BaseConnection = BaseConnection> {
  readonly adapter: ProviderAdapter<C>;
  readonly simulator: ProviderSimulator<C, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly testKit: ProviderTestKit<C>;
  /** Activities only this platform has (MK.IO: submitMkioJob), on Reelflow's main task queue. */
  activities?(deps: { config: ReelflowConfig; fetch?: typeof fetch }): Record<string, (...args: any[]) => Promise<unknown>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly webhooks?: WebhookRegistrar<C>;
  readonly reconcile?: DeliveryReconciler<C>;
}
