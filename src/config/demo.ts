/**
 * The embedded default: what `npm start` runs without a config file. One demo MK.IO
 * connection, served by a fake MK.IO in the same process (its API on :3100, its webhooks
 * to our ingress), with polling after 30 s of quiet and a publish on every finished job.
 * The secret comes from MKIO_WEBHOOK_SECRET, with a demo value for local use.
 */
export function demoConfig(): unknown {
  return {
    polling: { quietFor: '30s', maxPollInterval: '2m', maxWait: '1h' },
    connections: [
      {
        name: 'demo',
        provider: 'mkio',
        project: 'demo',
        secret: '${MKIO_WEBHOOK_SECRET:-demo-secret}',
        apiBaseUrl: 'http://127.0.0.1:3100',
        apiToken: 'demo-token',
        on: [{ kind: 'job', phase: 'ready', run: ['publish'] }],
      },
    ],
    simulators: { mkio: { port: 3100, token: 'demo-token', timing: { queuedMs: 1000, processingMs: 5000 } } },
  };
}
