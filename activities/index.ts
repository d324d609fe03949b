/**
 * Activities the worker registers. The entity workflow of the walking skeleton needs none:
 * polling, publishing and notifying arrive with the wait-or-poll work.
 */
export {};
