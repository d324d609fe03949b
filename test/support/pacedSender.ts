import type { Answer } from './webhookPost';

export interface Sending {
  /** Requests sent so far (answered or not). */
  sent(): number;
  /** Answers (or failures) received so far. */
  answered(): number;
  /** Every answer, in sending order, once the last one is in. */
  done: Promise<Answer[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `count` requests at a fixed offered rate, like a platform: the next one leaves on time
 * whether or not earlier ones were answered.
 */
export function sendPaced(count: number, perSecond: number, send: (i: number) => Promise<Answer>): Sending {
  let sent = 0;
  let answered = 0;
  const run = async () => {
    const started = Date.now();
    const inFlight: Array<Promise<Answer>> = [];
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      inFlight.push(send(i).finally(() => answered++));
      sent = i + 1;
    }
    return Promise.all(inFlight);
  };
  return { sent: () => sent, answered: () => answered, done: run() };
}

/** Sends `count` requests with at most `concurrency` in flight: a burst as fast as the ingress answers. */
export function sendBurst(count: number, concurrency: number, send: (i: number) => Promise<Answer>): Sending {
  let next = 0;
  let answered = 0;
  const answers: Answer[] = new Array<Answer>(count);
  const lane = async () => {
    while (next < count) {
      const i = next++;
      answers[i] = await send(i);
      answered++;
    }
  };
  return { sent: () => next, answered: () => answered, done: Promise.all(Array.from({ length: concurrency }, lane)).then(() => answers) };
}
