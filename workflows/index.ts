/** Everything the worker registers as a workflow type. */
export { resourceLifecycle } from './resourceLifecycle';
export { vodPipeline } from './pipelines/vodPipeline';
export { awaitResourceState } from './pipelines/awaitState';
export { reconcileDeliveries } from './reconcile';
