import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load';

/** Docker cannot run here, so the compose file is checked as data: it must stay coherent for users. */
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown>; volumes?: string[] }>;
};

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has Temporal on PostgreSQL, the UI, and Reelflow ingress and worker as separate services', () => {
    expect(Object.keys(services).sort()).toEqual(['postgresql', 'reelflow-ingress', 'reelflow-worker', 'temporal', 'temporal-ui']);
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(services['reelflow-ingress']!.command).toEqual(['ingress']);
    expect(services['reelflow-worker']!.command).toEqual(['worker']);
  });

  it('pins every image and only depends on services it defines', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image) expect(`${name}: ${service.image}`).toMatch(/:[0-9][\w.-]*$/);
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services)).toContain(dependency);
    }
  });

  it('points Reelflow at the compose Temporal and at a config file that exists and validates', () => {
    for (const name of ['reelflow-ingress', 'reelflow-worker']) {
      const service = services[name]!;
      expect(service.build).toBe('.');
      expect(service.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
      const mount = service.volumes?.[0]?.split(':') ?? [];
      expect(existsSync(join(root, mount[0]!))).toBe(true);
      expect(service.environment?.REELFLOW_CONFIG).toBe(mount[1]);
    }
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
    const config = loadConfig({ REELFLOW_CONFIG: 'reelflow.config.example.yaml', MKIO_WEBHOOK_SECRET: 's' }, root);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.connections.map((c) => `${c.provider}/${c.name}`)).toEqual(['mkio/main']);
  });

  it('keeps the ingress inbox on a named volume where the image lets the app write', () => {
    const config = loadConfig({ REELFLOW_CONFIG: 'reelflow.config.example.yaml', MKIO_WEBHOOK_SECRET: 's' }, root);
    const dataDir = `/app/${config.inbox.file.split('/').slice(0, -1).join('/')}`;
    const volume = services['reelflow-ingress']!.volumes?.find((v) => v.endsWith(`:${dataDir}`))?.split(':')[0];
    expect(volume).toBeDefined();
    expect((compose as unknown as { volumes: Record<string, unknown> }).volumes).toHaveProperty(volume!);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`chown node:node ${dataDir}`);
  });
});
