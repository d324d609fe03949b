import { randomUUID } from 'node:crypto';
import type { LiveEventName } from '../../providers/kinescope/states';
import { conflict } from './errors';

/**
 * A live event's status word in the fake's GET. Kinescope does not document this field; the fake
 * uses the words of its webhooks (the adapter knows a few more).
 */
export type LiveStatus = 'created' | 'enabled' | 'connected' | 'disconnected' | 'finished' | 'cancelled';

export interface LiveEventRecord {
  id: string;
  name: string;
  type: 'one-time' | 'recurring';
  status: LiveStatus;
  /** Whether an encoder has sent anything since it was enabled: only then is there a recording. */
  streamed: boolean;
  /** Recording videos, oldest first. */
  videoIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** A live event exactly as GET /v2/live/events/{id} serves it, inside `data`. */
export function liveEventResourceOf(event: LiveEventRecord, projectId: string) {
  return {
    id: event.id,
    project_id: projectId,
    name: event.name,
    type: event.type,
    status: event.status,
    auto_start: false,
    protected: false,
    time_shift: false,
    reconnect_window: 600,
    latency_mode: 'standard',
    created_at: event.createdAt,
    updated_at: event.updatedAt,
  };
}
export type LiveEventResource = ReturnType<typeof liveEventResourceOf>;

/** What each move needs the event to be in, and the webhook it fires. */
const MOVES = {
  enable: { from: ['created', 'finished'], to: 'enabled', event: 'live.enabled' },
  connect: { from: ['enabled', 'disconnected'], to: 'connected', event: 'live.connected' },
  disconnect: { from: ['connected'], to: 'disconnected', event: 'live.disconnected' },
  complete: { from: ['enabled', 'connected', 'disconnected'], to: 'finished', event: 'live.finished' },
  cancel: { from: ['created', 'enabled', 'disconnected'], to: 'cancelled', event: 'live.cancelled' },
} as const satisfies Record<string, { from: LiveStatus[]; to: LiveStatus; event: LiveEventName }>;
export type LiveMove = keyof typeof MOVES;

/** Live events and the moves between their statuses; a move that makes no sense is a 409. */
export class LiveEventStore {
  private readonly events = new Map<string, LiveEventRecord>();

  create(name: string, type: LiveEventRecord['type']): LiveEventRecord {
    const now = new Date().toISOString();
    const event: LiveEventRecord = { id: randomUUID(), name, type, status: 'created', streamed: false, videoIds: [], createdAt: now, updatedAt: now };
    this.events.set(event.id, event);
    return event;
  }

  get(id: string): LiveEventRecord | undefined {
    return this.events.get(id);
  }

  /** Moves the event; returns the webhook to send and whether the session had a stream to record. */
  move(event: LiveEventRecord, move: LiveMove): { event: LiveEventName; recorded: boolean } {
    const rule = MOVES[move];
    if (!(rule.from as readonly LiveStatus[]).includes(event.status)) {
      throw conflict(`live event ${event.id} is ${event.status}: cannot ${move} it (needs ${rule.from.join(' or ')})`);
    }
    const recorded = move === 'complete' && event.streamed;
    if (move === 'enable') event.streamed = false;
    if (move === 'connect') event.streamed = true;
    event.status = rule.to;
    event.updatedAt = new Date().toISOString();
    return { event: rule.event, recorded };
  }

  /** Gone at once (GET answers 404); Kinescope sends no webhook for a deletion. */
  delete(id: string): boolean {
    return this.events.delete(id);
  }
}
