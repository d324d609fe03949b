import { newFakeCounters, type FakeCounters } from '../kit/counters';

/** What the fake Media Manager has seen and done, beyond what every fake counts. */
export interface FakeMediaManagerCounters extends FakeCounters {
  /** token → media-list GETs naming it in `filter[token]` (cached answers included). */
  getsByToken: Record<string, number>;
  /** Media-list GETs answered from the 60 s cache. */
  cacheHits: number;
  mediaCreated: number;
}

export function newCounters(): FakeMediaManagerCounters {
  return { ...newFakeCounters(), getsByToken: {}, cacheHits: 0, mediaCreated: 0 };
}
