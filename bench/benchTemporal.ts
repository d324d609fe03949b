import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../src/temporal/devServer';

export interface BenchTemporal {
  server: DevServer;
  client: Client;
  /** For workers. */
  native: NativeConnection;
  close(): Promise<void>;
}

/**
 * A headless, in-memory Temporal dev server of the bench's own (tuned as Reelflow starts it), a
 * client and a worker connection. The SDK's INFO lines (webpack, worker states) are noise in a
 * report; warnings still reach stderr.
 */
export async function startBenchTemporal(log: (line: string) => void): Promise<BenchTemporal> {
  // Core's own warnings go through that logger too (to stderr): stdout is the report's.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } } });
  const server = await startDevServer({ port: 0, uiPort: false, log });
  try {
    const connection = await Connection.connect({ address: server.address });
    const native = await NativeConnection.connect({ address: server.address });
    return {
      server,
      client: new Client({ connection }),
      native,
      async close() {
        await native.close();
        await connection.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
