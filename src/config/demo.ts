/**
 * The embedded default: what `npm start` runs without a config file. One demo MK.IO
 * connection; its secret comes from MKIO_WEBHOOK_SECRET, with a demo value for local use.
 */
export function demoConfig(): unknown {
  return {
    connections: [
      {
        name: 'demo',
        provider: 'mkio',
        project: 'demo',
        secret: '${MKIO_WEBHOOK_SECRET:-demo-secret}',
      },
    ],
  };
}
