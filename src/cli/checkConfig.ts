import { readConfigSource, validateConfig } from '../config/load';
import { configSummary } from '../config/summary';
import { temporalTarget } from '../temporal/connection';
import { parseCommandArgs } from './args';

export const CHECK_CONFIG_USAGE = 'usage: reelflow check-config [--config FILE]   (default: REELFLOW_CONFIG, else reelflow.config.yaml here, else the demo)';

/** `reelflow check-config`: validates the config (a ConfigError names the field) and prints what it makes Reelflow do. */
export function checkConfigCommand(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const { values } = parseCommandArgs({ args, options: { config: { type: 'string' } } }, CHECK_CONFIG_USAGE);
  const withFile = values.config ? { ...env, REELFLOW_CONFIG: values.config } : env;
  const source = readConfigSource(withFile);
  const config = validateConfig(source.raw, source.origin, withFile);
  console.log(configSummary(config, source, temporalTarget(), withFile));
  return 0;
}
