import { randomBytes, randomUUID } from 'node:crypto';
import { resourceKey } from '../../domain/resourceKey';
import { laravelTime, webhookBody, type MediaResource } from '../../simulators/mediamanager/media';
import type { ProviderTestKit } from '../types';
import type { MediaManagerConnection } from './connection';
import { mediaManagerSignature } from './signature';

/** One livestream session as Media Manager reports it, a minute apart (the platform's idle window). */
const LIVE_SESSION = [
  'media.created', // a livestream is created: idle
  'livestream.enabled', // it accepts an encoder: pending
  'livestream.started', // broadcasting: live
  'livestream.idle', // the encoder dropped and stayed away past 60 s
  'livestream.started', // back
  'livestream.idle', // ended
  'media.deleted', // deleted: undoable for 14 days, so the workflow stays open until then
] as const;

/** A media as webhooks carry it, with `token` and the given flags. */
const mediaData = (token: string, extra: Partial<MediaResource> = {}): MediaResource => ({
  id: 4242,
  token,
  team_id: 1,
  title: 'Town hall (live)',
  description: null,
  published: false,
  live: true,
  video: true,
  audio: false,
  created_at: '',
  updated_at: '',
  deleted_at: null,
  ...extra,
});

/** Sample tokens differ per process, so a benchmark against a long-lived server starts new resources each run. */
const SAMPLE_RUN = randomBytes(4).toString('hex');

/** Media Manager signs the raw body with the webhook's secret in one header (the connection says which). */
export const mediaManagerTestKit: ProviderTestKit<MediaManagerConnection> = {
  connection: ({ name, account }) => ({ entry: { name, provider: 'mediamanager', secret: `test-secret-${account}` }, account: name }),
  sign: (connection, body) => ({
    body,
    headers: {
      'content-type': 'application/json',
      [connection.signature.header.toLowerCase()]: mediaManagerSignature(connection.signature, connection.secret[0]!, body),
    },
  }),
  liveSession: (connection) => {
    const token = randomUUID();
    const stream = mediaData(token);
    const start = Date.now() - LIVE_SESSION.length * 60_000;
    const bodies = LIVE_SESSION.map((event, i) => {
      const at = new Date(start + i * 60_000);
      const data = { ...stream, created_at: laravelTime(new Date(start)), updated_at: laravelTime(at), deleted_at: event === 'media.deleted' ? laravelTime(at) : null };
      return JSON.stringify(webhookBody(event, data, at));
    });
    return { key: resourceKey({ provider: 'mediamanager', account: connection.name, kind: 'live', id: token }), bodies };
  },
  // A new upload per n: its media.created, as a team uploading in bulk would cause.
  sampleWebhook: (_connection, n) => {
    const token = `${SAMPLE_RUN}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const at = new Date();
    return JSON.stringify(webhookBody('media.created', mediaData(token, { id: n + 1, title: `Upload ${n}`, live: false, created_at: laravelTime(at), updated_at: laravelTime(at) }), at));
  },
};
