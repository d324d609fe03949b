import { createServer, Socket } from 'node:net';

/** A port this start needs is taken; `owner` says what it is for (`the ingress`, `the fake MK.IO`). */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
    /** Why it cannot be used, when more than "in use" (`by something that is not a Temporal server`). */
    readonly detail?: string,
  ) {
    super(`port ${port} on ${host} is in use${detail ? ` ${detail}` : ''}`);
  }
}

/** Node's listen error for a taken port (fastify and http servers pass it through). */
export function isAddressInUse(error: unknown): error is NodeJS.ErrnoException & { port?: number; address?: string } {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** Binds and lets go at once: false when something already listens on `host:port`. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    // Any other refusal (a host that is not ours, a privileged port) is the real listen's to report.
    server.once('error', (error) => resolve(!isAddressInUse(error)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws PortInUseError when something already listens on `host:port` (port 0 is always free). */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port !== 0 && !(await portIsFree(host, port))) throw new PortInUseError(host, port);
}

/** A port nothing listens on now, picked by the system. */
export function freePort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when something accepts a connection on `ip:port` within half a second. */
export function portOpen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, ip, () => done(true));
  });
}
