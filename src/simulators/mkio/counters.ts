import { newFakeCounters, type FakeCounters } from '../kit/counters';

/** What the fake MK.IO has seen and done, beyond what every fake counts. */
export interface FakeMkioCounters extends FakeCounters {
  /** `${project}/${transform}/${job}` → GETs of that job (full, /state and legacy AMS path). */
  getsByJob: Record<string, number>;
  jobsCreated: number;
  locatorsCreated: number;
  /** `${project}/${name}` → GETs of that live resource (full, /state, either API). */
  getsByLive: Record<string, number>;
  liveChannelsCreated: number;
  scheduledOperationsCreated: number;
}

export function newCounters(): FakeMkioCounters {
  return { ...newFakeCounters(), getsByJob: {}, jobsCreated: 0, locatorsCreated: 0, getsByLive: {}, liveChannelsCreated: 0, scheduledOperationsCreated: 0 };
}
