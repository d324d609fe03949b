/** Every platform Reelflow speaks, one line each (see registry.ts). */
export { mkio } from './mkio';
export { fastpix } from './fastpix';
export { kinescope } from './kinescope';
export { mediamanager } from './mediamanager';
export { cloudevents } from './cloudevents';
export { standardWebhooks } from './standardWebhooks';
