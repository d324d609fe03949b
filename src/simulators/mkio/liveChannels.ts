import type { MkioLiveApi } from '../../providers/mkio/source';
import type { PendingWork } from '../kit/pending';
import { isRecord } from '../kit/router';
import { badRequest, conflict } from './errors';
import type { LiveChannelShape } from './liveResources';

/** What the fake knows of a live channel or event, in either API. */
export interface LiveChannelRecord extends LiveChannelShape {
  /** Set by the test handle or `POST /_fake/.../fail-next-start`: the next start ends in an error. */
  failNextStart: boolean;
}

export interface LiveTiming {
  /** Starting → Running (or the error) after this long. */
  liveStartingMs: number;
  /** Stopping → Stopped after this long. */
  liveStoppingMs: number;
}

export type LiveEventType = 'MediaKind.ChannelInstanceStarted' | 'MediaKind.ChannelInstanceStopped' | 'MediaKind.ChannelInstanceError';

export interface LiveTransition {
  channel: LiveChannelRecord;
  type: LiveEventType;
  previousState: string;
  state: string;
  at: Date;
}

export interface LiveClockDeps {
  pending: PendingWork;
  timing: () => LiveTiming;
  /** Called on each move MK.IO announces: reaching Running, reaching Stopped, failing to start. */
  onTransition: (transition: LiveTransition) => void;
}

export const liveKey = (project: string, name: string): string => `${project}/${name}`;

/** States from which a start is a no-op (already on its way) and from which a delete must wait. */
const UP = new Set(['Starting', 'Running']);
const BUSY = new Set(['Starting', 'Running', 'Stopping']);

/** The Live API's error value; the Media API has none, so a live event that fails to start reads Stopped. */
const failedState = (api: MkioLiveApi): string => (api === 'media' ? 'Stopped' : 'UnableToStart');

function settingsOf(body: unknown, api: MkioLiveApi): { settings: Record<string, unknown>; desired: 'Running' | 'Stopped'; displayName?: string } {
  if (body !== undefined && !isRecord(body)) throw badRequest('body must be a JSON object');
  if (api === 'media') {
    const properties = body?.properties;
    if (properties !== undefined && !isRecord(properties)) throw badRequest('properties must be an object');
    const { resourceState: _r, provisioningState: _p, created: _c, lastModified: _l, ...settings } = properties ?? {};
    return { settings, desired: 'Stopped' };
  }
  const spec = body?.spec;
  if (!isRecord(spec)) throw badRequest('spec is required');
  const { state = 'Stopped', ...settings } = spec;
  if (state !== 'Running' && state !== 'Stopped') throw badRequest('spec.state must be Running or Stopped');
  const metadata = isRecord(body?.metadata) ? body.metadata : {};
  return { settings, desired: state, ...(typeof metadata.displayName === 'string' ? { displayName: metadata.displayName } : {}) };
}

/**
 * Live channels and their clock: a start goes Starting -(liveStartingMs)-> Running (or, when asked
 * to fail, UnableToStart / Stopped with ChannelInstanceError); a stop goes Stopping
 * -(liveStoppingMs)-> Stopped. Each API keeps its own resources, as MK.IO's do.
 */
export class LiveChannelStore {
  private readonly channels = new Map<string, LiveChannelRecord>();
  private readonly clocks = new Map<string, () => void>();

  constructor(private readonly deps: LiveClockDeps) {}

  /** Media API: create (a repeat changes nothing). Live API: create or replace the spec; a changed `spec.state` starts or stops. */
  put(project: string, api: MkioLiveApi, name: string, body: unknown): { channel: LiveChannelRecord; created: boolean } {
    const { settings, desired, displayName } = settingsOf(body, api);
    const existing = this.get(project, api, name);
    if (existing) {
      if (api === 'media') return { channel: existing, created: false };
      existing.settings = settings;
      if (displayName !== undefined) existing.displayName = displayName;
      this.steer(existing, desired);
      return { channel: existing, created: false };
    }
    const now = new Date().toISOString();
    const channel: LiveChannelRecord = {
      project,
      name,
      api,
      state: 'Stopped',
      desired: 'Stopped',
      created: now,
      lastModified: now,
      settings,
      failNextStart: false,
      ...(displayName ? { displayName } : {}),
    };
    this.channels.set(this.key(project, api, name), channel);
    this.steer(channel, desired);
    return { channel, created: true };
  }

  /** Live API PATCH: `spec.state` steers, other spec fields merge. */
  patch(project: string, api: MkioLiveApi, name: string, body: unknown): LiveChannelRecord | undefined {
    const channel = this.get(project, api, name);
    if (!channel) return undefined;
    const spec = isRecord(body) && isRecord(body.spec) ? body.spec : {};
    const { state, ...rest } = spec;
    if (state !== undefined && state !== 'Running' && state !== 'Stopped') throw badRequest('spec.state must be Running or Stopped');
    channel.settings = { ...channel.settings, ...rest };
    if (state) this.steer(channel, state);
    return channel;
  }

  get(project: string, api: MkioLiveApi, name: string): LiveChannelRecord | undefined {
    return this.channels.get(this.key(project, api, name));
  }

  /** The channel of that name in whichever API holds it (test handle and the fake's control route). */
  find(project: string, name: string): LiveChannelRecord | undefined {
    return [...this.channels.values()].find((channel) => channel.project === project && channel.name === name);
  }

  list(project: string, api: MkioLiveApi): LiveChannelRecord[] {
    return [...this.channels.values()].filter((channel) => channel.project === project && channel.api === api);
  }

  start(channel: LiveChannelRecord): void {
    channel.desired = 'Running';
    if (UP.has(channel.state)) return;
    this.move(channel, 'Starting');
    this.after(channel, this.deps.timing().liveStartingMs, () => {
      if (channel.failNextStart) {
        channel.failNextStart = false;
        this.announce(channel, 'MediaKind.ChannelInstanceError', failedState(channel.api));
      } else {
        this.announce(channel, 'MediaKind.ChannelInstanceStarted', 'Running');
      }
    });
  }

  /** A stop of a stopped channel changes nothing; a failed Live API one still winds down to Stopped. */
  stop(channel: LiveChannelRecord): void {
    channel.desired = 'Stopped';
    if (channel.state === 'Stopped' || channel.state === 'Stopping') return;
    this.move(channel, 'Stopping');
    this.after(channel, this.deps.timing().liveStoppingMs, () => this.announce(channel, 'MediaKind.ChannelInstanceStopped', 'Stopped'));
  }

  /** MK.IO refuses to delete a live resource that is not stopped; there is no event for a deletion. */
  delete(project: string, api: MkioLiveApi, name: string): boolean {
    const channel = this.get(project, api, name);
    if (!channel) return false;
    if (BUSY.has(channel.state)) throw conflict(`live resource ${name} is ${channel.state}: stop it before deleting it`);
    this.clocks.get(this.key(project, api, name))?.();
    this.clocks.delete(this.key(project, api, name));
    return this.channels.delete(this.key(project, api, name));
  }

  private steer(channel: LiveChannelRecord, desired: 'Running' | 'Stopped'): void {
    if (desired === 'Running') this.start(channel);
    else this.stop(channel);
  }

  private key(project: string, api: MkioLiveApi, name: string): string {
    return `${api} ${liveKey(project, name)}`;
  }

  /** One clock step per channel: a new one (a stop while Starting) replaces the old. */
  private after(channel: LiveChannelRecord, ms: number, step: () => void): void {
    const key = this.key(channel.project, channel.api, channel.name);
    this.clocks.get(key)?.();
    this.clocks.set(
      key,
      this.deps.pending.timer(ms, () => {
        this.clocks.delete(key);
        step();
      }),
    );
  }

  private move(channel: LiveChannelRecord, state: string): { previousState: string; at: Date } {
    const at = new Date();
    const previousState = channel.state;
    channel.state = state;
    channel.lastModified = at.toISOString();
    return { previousState, at };
  }

  private announce(channel: LiveChannelRecord, type: LiveEventType, state: string): void {
    const { previousState, at } = this.move(channel, state);
    this.deps.onTransition({ channel, type, previousState, state, at });
  }
}
