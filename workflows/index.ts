/** Everything the worker registers as a workflow type. */
export { resourceLifecycle } from './resourceLifecycle';
