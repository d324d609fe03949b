import type { ProviderPhase } from '../../domain/phase';

/** What one Media Manager event says, in Reelflow's words. */
export interface MediaManagerMeaning {
  kind: 'media' | 'live';
  /** The platform's own word: the event name as sent, except for the publication flag's value. */
  state: string;
  phase: ProviderPhase;
  /** Set for events about one aspect (publication, metadata, master, static rendition): the media's own state stays. */
  aspect?: string;
}

interface Rule {
  phase: ProviderPhase;
  /** The phase when the media is a livestream, where it differs (a new livestream is idle, not pending). */
  livePhase?: ProviderPhase;
  aspect?: string;
  /** The state word when it is not the event name (the publication flag's value). */
  state?: string;
  /** `livestream.*` events are about livestreams whatever the body says. */
  live?: true;
}

/**
 * Every event Media Manager documents (docs.mediamanager.io/team/webhooks), by its `media.*` name.
 * Published/unpublished are flags on a ready media, not phases: an aspect. A deletion is soft
 * (undoable for 14 days, see the adapter's policy); a livestream's recording has no event of its own.
 */
const RULES: Record<string, Rule> = {
  'media.created': { phase: 'pending', livePhase: 'idle' },
  'media.upload.completed': { phase: 'ready' },
  'media.upload.failed': { phase: 'failed' },
  'media.published': { phase: 'ready', aspect: 'publication', state: 'published' },
  'media.unpublished': { phase: 'idle', aspect: 'publication', state: 'unpublished' },
  'media.updated': { phase: 'ready', aspect: 'metadata' },
  'media.deleted': { phase: 'deleted' },
  'media.restored': { phase: 'ready', livePhase: 'idle' },
  'media.master.ready': { phase: 'ready', aspect: 'master' },
  'media.master.failed': { phase: 'failed', aspect: 'master' },
  'livestream.enabled': { phase: 'pending', live: true },
  'livestream.disabled': { phase: 'idle', live: true },
  'livestream.started': { phase: 'live', live: true },
  'livestream.idle': { phase: 'idle', live: true },
};

/** The newer docs name media events per kind (`video.created`, `audio.upload.completed`): one set inside. */
export const mediaEventName = (name: string): string => name.replace(/^(?:video|audio)\./, 'media.');

/** `video.static_rendition…` (the newer docs cut the list off there): ready, or failed when the name says so. */
function ruleFor(name: string): Rule | undefined {
  const canonical = mediaEventName(name);
  if (Object.hasOwn(RULES, canonical)) return RULES[canonical];
  if (canonical.startsWith('media.static_rendition')) return { phase: canonical.endsWith('failed') ? 'failed' : 'ready', aspect: 'static-rendition' };
  return undefined;
}

export const isTrackedEvent = (name: string): boolean => ruleFor(name) !== undefined;

/** A tracked event's meaning for a media that is (or is not) a livestream; undefined when not tracked. */
export function meaningOf(name: string, mediaIsLive: boolean): MediaManagerMeaning | undefined {
  const rule = ruleFor(name);
  if (!rule) return undefined;
  const live = rule.live === true || mediaIsLive;
  return {
    kind: live ? 'live' : 'media',
    state: rule.state ?? name,
    phase: live ? (rule.livePhase ?? rule.phase) : rule.phase,
    ...(rule.aspect !== undefined ? { aspect: rule.aspect } : {}),
  };
}
