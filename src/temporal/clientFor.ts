import { Client, Connection } from '@temporalio/client';
import type { ReelflowConfig } from '../config/load';
import { temporalTarget } from './connection';

/** A client for CLI commands: the configured cluster, else the embedded dev server's address. */
export async function clientFor(config: ReelflowConfig): Promise<Client> {
  const target = temporalTarget();
  const options = target.external ? target.connectionOptions : { address: `${config.temporal.devServer.ip}:${config.temporal.devServer.port}` };
  const connection = await Connection.connect({ ...options, connectTimeout: 5000 });
  return new Client({ connection, namespace: target.namespace ?? config.temporal.namespace });
}
