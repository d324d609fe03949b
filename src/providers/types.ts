import type { z } from 'zod';
import type { CanonicalEvent } from '../domain/canonicalEvent';
import type { ProviderPhase } from '../domain/phase';
import type { ResourceRef } from '../domain/resourceKey';

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

/** Either canonical events to deliver, or a valid event Reelflow does not track (answered 200 ignored). */
export type ParseOutcome =
  | { outcome: 'events'; events: CanonicalEvent[] }
  | { outcome: 'ignored'; eventId: string; type: string; reason: string };

/**
 * What the provider's API says of a resource now. `gone` is a 404 (mapped once, by the poll
 * activity); `unknown` is an answer that tells nothing new (Media Manager lists only published
 * media, so an absent one is not a deleted one).
 */
export type FetchedState =
  | { outcome: 'state'; state: string; phase: ProviderPhase; resource?: unknown }
  | { outcome: 'gone' }
  | { outcome: 'unknown'; detail: string };

export interface PublishResult {
  /** What was published, e.g. the streaming locator's name. */
  target: string;
  /** False when it already existed: a repeat changed nothing. */
  created: boolean;
}

/**
 * One video platform behind one small surface. Nothing else leaks out of its folder, so
 * adding a platform is a folder plus one line in registry.ts.
 */
export interface ProviderAdapter<C extends BaseConnection = BaseConnection> {
  readonly name: string;
  /** Validates this provider's entries under `connections:` in the config file. */
  readonly connectionSchema: z.ZodType<C>;
  /** Throws VerificationError when the request is not authentic. */
  verify(request: WebhookRequest, connection: C): void;
  /** Throws PayloadError naming the field when the body is not what the provider sends. */
  parse(json: unknown, request: WebhookRequest, context: ParseContext<C>): ParseOutcome;
  /** Whether this connection can be polled at all (e.g. it has an API token). */
  canPoll?(connection: C): boolean;
  /** Reads the current state in one request (throws ProviderApiError); absent = cannot poll. */
  fetchState?(ref: ResourceRef, connection: C, fetchImpl?: typeof fetch): Promise<FetchedState>;
  /** Reads the full resource in one request (for actions once it is terminal). */
  fetchResource?(ref: ResourceRef, connection: C, fetchImpl?: typeof fetch): Promise<unknown>;
  /** The provider's own account of a failure, read from its resource (for notifications). */
  errorsOf?(resource: unknown): Array<{ code?: string; message?: string }>;
  /** Makes a finished resource playable (MK.IO: a streaming locator); idempotent by naming. */
  publish?(ref: ResourceRef, resource: unknown, connection: C, fetchImpl?: typeof fetch): Promise<PublishResult>;
  /** Default GETs per second across all workflows, below the provider's published limit. */
  readonly defaultPollRatePerSecond: number;
}
