/**
 * Every event type an MK.IO webhook rule can subscribe to (seed 000's table). Reelflow tracks
 * all ten: jobs, streaming locators, live channels and scheduled operations.
 */
export const MKIO_EVENT_TYPES = [
  'MediaKind.JobStarted',
  'MediaKind.JobFinished',
  'MediaKind.StreamingLocatorCreated',
  'MediaKind.ChannelInstanceStarted',
  'MediaKind.ChannelInstanceStopped',
  'MediaKind.ChannelInstanceError',
  'MediaKind.ScheduledOperationAccepted',
  'MediaKind.ScheduledOperationOngoing',
  'MediaKind.ScheduledOperationCompleted',
  'MediaKind.ScheduledOperationError',
] as const;
export type MkioEventType = (typeof MKIO_EVENT_TYPES)[number];
