import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load';

/** Docker cannot run here, so the compose file is checked as data: it must stay coherent for users. */
const root = join(__dirname, '..', '..');
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}
// Compose merges `<<: *anchor` keys (YAML 1.1 merge keys), so this reading does too.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const read = (file: string) => readFileSync(join(root, file), 'utf8');
/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}` → NAME. */
const variables = (text: string) => new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::?[-?][^}]*)?\}/g)].map((m) => m[1]!));

describe('docker-compose.yml', () => {
  const services = compose.services;
  const reelflow = ['reelflow-ingress', 'reelflow-worker'];

  it('has Temporal on PostgreSQL (schema job, server, namespace job), the UI, and Reelflow ingress and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['postgresql', 'reelflow-ingress', 'reelflow-worker', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui'].sort());
    expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', BIND_ON_IP: '0.0.0.0' });
    expect(services['reelflow-ingress']!.command).toEqual(['ingress']);
    expect(services['reelflow-worker']!.command).toEqual(['worker']);
  });

  it('starts each part after the one it needs: schema, then server, then namespace, then UI and Reelflow', () => {
    const after = (name: string) => Object.fromEntries(Object.entries(services[name]!.depends_on ?? {}).map(([dependency, { condition }]) => [dependency, condition]));
    expect(after('temporal-schema')).toEqual({ postgresql: 'service_healthy' });
    expect(after('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
    expect(after('temporal-namespace')).toEqual({ temporal: 'service_healthy' });
    for (const name of ['temporal-ui', ...reelflow]) expect(after(name)).toEqual({ 'temporal-namespace': 'service_completed_successfully' });
  });

  it('never uses the deprecated auto-setup image; server and admin-tools share one pinned version', () => {
    const images = Object.values(services).flatMap((s) => (s.image ? [s.image] : []));
    expect(images.filter((i) => i.includes('auto-setup'))).toEqual([]);
    const version = (image: string) => image.split(':')[1];
    const temporalVersions = new Set(images.filter((i) => /^temporalio\/(server|admin-tools):/.test(i)).map(version));
    expect(temporalVersions.size).toBe(1);
    expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-namespace']!.image).toMatch(/^temporalio\/admin-tools:/);
  });

  it('pins every image and only depends on services it defines', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image && !service.build) expect(`${name}: ${service.image}`).toMatch(/:[0-9][\w.-]*$/);
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services)).toContain(dependency);
    }
  });

  it('mounts files that exist: the job scripts and the server dynamic config it is pointed at', () => {
    for (const service of Object.values(services)) {
      const mounts = (service.volumes ?? []).map((volume) => volume.split(':'));
      for (const [source] of mounts) if (source!.startsWith('./')) expect(`${source}: ${existsSync(join(root, source!))}`).toBe(`${source}: true`);
      // A job's script is one of its mounts.
      if (service.entrypoint) expect(mounts.map(([, target]) => target)).toContain(service.entrypoint.at(-1));
    }
    const dynamicConfig = services.temporal!.environment!.DYNAMIC_CONFIG_FILE_PATH;
    expect(services.temporal!.volumes?.some((v) => v.split(':')[1] === dynamicConfig)).toBe(true);
    expect(read('deploy/temporal/setup-postgres.sh')).toMatch(/temporal_visibility/);
  });

  it('points Reelflow at the compose Temporal and at a config file that exists and validates', () => {
    for (const name of reelflow) {
      const service = services[name]!;
      expect(service.build).toBe('.');
      expect(service.env_file).toBe('.env');
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
    expect(compose.volumes).toHaveProperty(volume!);
    expect(read('Dockerfile')).toContain(`chown node:node ${dataDir}`);
  });
});

describe('.env.example', () => {
  const listed = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

  it('lists every variable docker-compose.yml and the example config read', () => {
    const used = [...variables(read('docker-compose.yml')), ...variables(read('reelflow.config.example.yaml'))].filter((name) => name !== 'NAME');
    expect(used.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('holds no secret: each required one is left empty', () => {
    expect(read('.env.example')).toMatch(/^MKIO_WEBHOOK_SECRET=$/m);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs on Node 22 the code compiled and the workflows bundled at build time', () => {
    expect([...dockerfile.matchAll(/^FROM (node:\S+)/gm)].map((m) => m[1])).toEqual(expect.arrayContaining(['node:22-bookworm-slim']));
    expect(dockerfile).not.toMatch(/^FROM node:(?!22-)/m);
    expect(dockerfile).toContain('npm run build:image');
    expect(dockerfile).toMatch(/REELFLOW_COMPILED=1/);
    expect(dockerfile).toMatch(/REELFLOW_WORKFLOW_BUNDLE=\/app\/dist\/workflow-bundle\.js/);
    expect(dockerfile).toContain('npm ci --omit=dev');
  });

  it('keeps dependencies, build output, local data and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git', '.env']));
  });
});
