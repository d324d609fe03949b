import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createLogger } from '../src/observability/logger';
import { temporalRuntimeOptions } from '../src/observability/temporalLogger';
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
  installBenchRuntime();
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

/**
 * The SDK's lines at WARN, on stderr (stdout is the report's), through the product's adapter, so
 * what Reelflow does on purpose (an activity-only poll worker) is not warned about here either.
 */
export function installBenchRuntime(): void {
  Runtime.install(temporalRuntimeOptions(createLogger({ level: 'warn', destination: process.stderr, format: 'pretty' }), 'WARN'));
}
