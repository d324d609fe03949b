/**
 * `reelflow/workflow`: what a team's workflow code imports to wait for Reelflow's resources.
 * Depends on @temporalio/workflow and what it depends on itself (@temporalio/common for durations,
 * nexus-rpc for the Nexus service; a unit test walks this graph): no config, no providers, no zod,
 * no Node built-ins, so any team's workflow bundle can take it.
 */
export { awaitResource, type AwaitResourceOptions } from '../../workflows/awaitResource';
export { DEFAULT_NEXUS_ENDPOINT, reelflowService, type AwaitResourceInput, type GetResourceInput } from '../../workflows/nexusService';
export {
  AWAIT_FAILURES,
  DEFAULT_TASK_QUEUE,
  resourceUpdateSignal,
  stateQuery,
  subscribeSignal,
  type AwaitFailureType,
  type ResourceStatus,
  type SubscribeActivities,
  type SubscribeRequest,
} from '../../workflows/resourceApi';
export { parseResourceKey, resourceKey, type ResourceKey, type ResourceRef } from '../domain/resourceKey';
export type { ActionRecord, AspectState, ResourceSnapshot, StaleRecord, Transition } from '../domain/snapshot';
export { KINDS, PHASES, type AttentionPhase, type EventSource, type Kind, type Phase, type ProviderPhase } from '../domain/vocabulary';
