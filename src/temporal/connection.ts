import { loadClientConnectConfig } from '@temporalio/envconfig';

export interface TemporalTarget {
  /** True when TEMPORAL_ADDRESS (or a Temporal profile) names a server: no dev server is started. */
  external: boolean;
  address?: string;
  namespace?: string;
  /** Options for Connection.connect / NativeConnection.connect (TLS, API key, headers). */
  connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

/**
 * Temporal's own conventions (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_*, TEMPORAL_PROFILE and the temporal.toml file) pick an existing cluster.
 */
export function temporalTarget(): TemporalTarget {
  const { connectionOptions, namespace } = loadClientConnectConfig();
  const address = connectionOptions.address;
  return { external: Boolean(address), address, namespace, connectionOptions };
}
