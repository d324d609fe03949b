import { invalid } from './errors';
import { mediaResource, type MediaRecord } from './media';

/** Laravel's default page size. */
export const PER_PAGE = 15;

export interface MediaListQuery {
  teamId: string;
  tokens?: string[];
  live?: boolean;
  title?: string;
  page: number;
}

/** `team_id`, `filter[token]` (comma-separated), `filter[live]`, `filter[title]`, `page`, as the API reads them. */
export function readListQuery(query: URLSearchParams): MediaListQuery {
  const teamId = query.get('team_id');
  if (!teamId) throw invalid('team_id', 'The team id field is required.');
  const page = Number(query.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1) throw invalid('page', 'The page field must be at least 1.');
  const tokens = query.get('filter[token]');
  const live = query.get('filter[live]');
  const title = query.get('filter[title]');
  return {
    teamId,
    page,
    ...(tokens
      ? {
          tokens: tokens
            .split(',')
            .map((token) => token.trim())
            .filter(Boolean),
        }
      : {}),
    ...(live !== null ? { live: live === 'true' || live === '1' } : {}),
    ...(title ? { title } : {}),
  };
}

/**
 * `GET /media`: the team's PUBLISHED media (never processing, unpublished or deleted ones), as a
 * Laravel paginated resource collection `{ data, links, meta }`. `path` is the list's own URL.
 */
export function mediaList(all: readonly MediaRecord[], query: MediaListQuery, path: string) {
  const matching = all.filter(
    (media) =>
      media.teamId === query.teamId &&
      media.published &&
      media.deletedAt === null &&
      (query.tokens === undefined || query.tokens.includes(media.token)) &&
      (query.live === undefined || media.live === query.live) &&
      (query.title === undefined || media.title.toLowerCase().includes(query.title.toLowerCase())),
  );
  const total = matching.length;
  const lastPage = Math.max(1, Math.ceil(total / PER_PAGE));
  const start = (query.page - 1) * PER_PAGE;
  const items = matching.slice(start, start + PER_PAGE);
  const pageUrl = (page: number) => `${path}?page=${page}`;
  return {
    data: items.map(mediaResource),
    links: {
      first: pageUrl(1),
      last: pageUrl(lastPage),
      prev: query.page > 1 ? pageUrl(query.page - 1) : null,
      next: query.page < lastPage ? pageUrl(query.page + 1) : null,
    },
    meta: {
      current_page: query.page,
      from: items.length > 0 ? start + 1 : null,
      last_page: lastPage,
      path,
      per_page: PER_PAGE,
      to: items.length > 0 ? start + items.length : null,
      total,
    },
  };
}
