import type { SigningSecretEncoding } from '../../providers/fastpix/signature';
import type { RunningFake } from '../../providers/types';
import type { FakeCounters } from '../kit/counters';
import type { DeliveryFaults } from '../kit/webhookSender';
import type { LiveStreamRecord } from './liveStreams';
import type { MediaRecord } from './media';

export interface FakeFastpixTiming {
  /** Created → Processing (default 200 ms). */
  processingMs?: number;
  /** Processing → Ready or Failed (default: processingMs). */
  readyMs?: number;
  /** Default reconnect window of new live streams (default 500 ms). */
  reconnectWindowMs?: number;
}

export interface FakeFastpixOptions {
  /** HTTP Basic on every API call: username. A connection with this accessTokenId is served by the fake. */
  accessTokenId: string;
  /** HTTP Basic password. */
  secretKey: string;
  /** The workspace the credentials belong to; every resource lives in it. */
  workspaceId?: string;
  workspaceName?: string;
  /** The dashboard's signing secret (base64): endpoints added without their own secret sign with it. */
  signingSecret?: string;
  host?: string;
  port?: number;
  timing?: FakeFastpixTiming;
  faults?: DeliveryFaults;
  /** Seed for the drop and shuffle faults; default 1, so runs repeat. */
  seed?: number;
}

/** A webhook endpoint as the dashboard configures it: where to, signed with what, for which workspace. */
export interface FastpixEndpoint {
  url: string;
  signingSecret: string;
  encoding: SigningSecretEncoding;
  workspaceId: string;
}

/** What the fake FastPix has seen and done, beyond what every fake counts. */
export interface FakeFastpixCounters extends FakeCounters {
  /** Media or live stream id → GETs of it (counted before authentication). */
  getsByResource: Record<string, number>;
  mediaCreated: number;
  liveStreamsCreated: number;
}

export interface FakeFastpix extends RunningFake {
  readonly counters: FakeFastpixCounters;
  readonly workspaceId: string;
  setTiming(timing: FakeFastpixTiming): void;
  /** A dashboard webhook endpoint; the secret defaults to the fake's signingSecret, the workspace to the fake's. */
  addEndpoint(endpoint: { url: string; signingSecret?: string; encoding?: SigningSecretEncoding; workspaceId?: string }): void;
  /** Same as `POST /v1/on-demand` (validated the same way); returns a snapshot. */
  createMedia(body?: unknown): MediaRecord;
  media(id: string): MediaRecord | undefined;
  /** Same as `POST /v1/live/streams`; returns a snapshot. */
  createLiveStream(body?: unknown): LiveStreamRecord;
  liveStream(id: string): LiveStreamRecord | undefined;
  /** The encoder, as `POST /_fake/live/streams/{id}/connect|disconnect` drive it. */
  connectEncoder(streamId: string): void;
  disconnectEncoder(streamId: string): void;
}

export type { DeliveryFaults, LiveStreamRecord, MediaRecord };
