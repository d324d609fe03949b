import { sleep } from './clock';

const TERMINAL = new Set(['Finished', 'Error', 'Canceled']);

export interface PollBaselineOptions {
  apiBaseUrl: string;
  token: string;
  project: string;
  transform: string;
  intervalMs: number;
  /** Source of the phase each job joins the poll cycle at, in [0, 1). */
  random: () => number;
}

export interface PollReaction {
  /** When the GET that showed a terminal state returned (Date.now()). */
  at: number;
  state: string;
}

/**
 * The polling-only way to learn that a job finished, with no webhooks: GET the job's state
 * every `intervalMs` until it is terminal, and "react" when the answer says so.
 *
 * A real poller has been ticking long before a given job exists, so a job meets the cycle at
 * a random point of it. Each job therefore joins at a random phase (first GET after
 * U(0, interval), then every interval). Starting one shared loop with the bench would instead
 * line 200 jobs created over 10 s up against the first 30 s tick, and report when the bench
 * happened to start rather than what a 30 s poller costs.
 */
export class PollBaseline {
  readonly reactions = new Map<string, PollReaction>();
  readonly errors: string[] = [];
  private readonly loops: Array<Promise<void>> = [];
  private stopped = false;

  constructor(private readonly options: PollBaselineOptions) {}

  /** Starts polling a job that was just created. */
  watch(job: string): void {
    this.loops.push(this.loop(job, this.options.random() * this.options.intervalMs));
  }

  /** Resolves when every watched job was seen terminal (or stop() was called). */
  async done(): Promise<void> {
    await Promise.all(this.loops);
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(job: string, firstDelayMs: number): Promise<void> {
    const { apiBaseUrl, token, project, transform, intervalMs } = this.options;
    const url = `${apiBaseUrl}/api/v1/projects/${encodeURIComponent(project)}/media/transforms/${encodeURIComponent(transform)}/jobs/${encodeURIComponent(job)}/state`;
    let next = Date.now() + firstDelayMs;
    for (;;) {
      await sleep(next - Date.now());
      if (this.stopped) return;
      next += intervalMs; // fixed rate: a slow answer does not shift the schedule
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
        const at = Date.now();
        if (!response.ok) {
          this.errors.push(`${job}: HTTP ${response.status}`);
          await response.body?.cancel();
          continue;
        }
        const body = (await response.json()) as { status?: { state?: unknown } };
        const state = typeof body.status?.state === 'string' ? body.status.state : '';
        if (TERMINAL.has(state)) {
          this.reactions.set(job, { at, state });
          return;
        }
      } catch (error) {
        this.errors.push(`${job}: ${(error as Error).message}`);
      }
    }
  }
}
