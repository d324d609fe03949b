import { validate } from '@readme/openapi-parser';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { validateConfig } from '../../src/config/load';
import { buildIngress } from '../../src/ingress/app';
import { openApiDocument } from '../../src/ingress/openapi';

/** Operations OpenAPI 3.1 can name (fastify also serves QUERY, which only OpenAPI 3.2 has). */
const OPENAPI_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Every route fastify serves, as `[path, method]` in OpenAPI spelling, read from printRoutes' tree:
 * a line is `├── /segment (GET, HEAD)`, four columns deeper per level, a child's path continuing its parent's.
 */
function servedRoutes(app: FastifyInstance): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of match[3]?.split(', ') ?? []) routes.push([path, method.toLowerCase()]);
  }
  return routes;
}

describe('the OpenAPI document', () => {
  let app: FastifyInstance;
  let connection: Connection;
  beforeAll(async () => {
    const config = validateConfig(
      { server: { apiToken: 'openapi-test-token-0123' }, inbox: { file: ':memory:' }, connections: [{ name: 'doc', provider: 'mkio', secret: 'openapi-secret-0123' }] },
      'openapi test',
    );
    // Never dialled: only the routes are looked at.
    connection = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection });
    app = await buildIngress({ config, client, dispatcher: { deliver: () => Promise.reject(new Error('unused')) }, temporalReady: async () => false, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await connection.close();
  });

  it('is valid OpenAPI 3.1', async () => {
    const result = await validate(structuredClone(openApiDocument()) as Parameters<typeof validate>[0]);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
    expect(openApiDocument()).toMatchObject({ openapi: '3.1.0' });
  });

  it('is what /openapi.json serves', async () => {
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('documents every route fastify serves, and nothing it does not', async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const served = servedRoutes(app);
    expect(served.length).toBeGreaterThan(15);
    const undocumented = served.filter(([path, method]) => {
      if (!OPENAPI_METHODS.has(method)) return false;
      const item = doc.paths[path];
      // HEAD comes with every GET (fastify's exposeHeadRoutes), as HTTP defines it.
      if (method === 'head' && item?.get) return false;
      return !item?.[method];
    });
    expect(undocumented).toEqual([]);

    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => OPENAPI_METHODS.has(k))
        .map((method) => [path, method]),
    );
    const servedSet = new Set(served.map(([path, method]) => `${method} ${path}`));
    expect(documented.filter(([path, method]) => !servedSet.has(`${method} ${path}`))).toEqual([]);
  });

  it('reads the route tree, nested paths included', async () => {
    const served = servedRoutes(app);
    expect(served).toEqual(
      expect.arrayContaining([
        ['/api/deliveries', 'get'],
        ['/api/deliveries/replay', 'post'],
        ['/api/deliveries/{id}', 'get'],
        ['/api/deliveries/{id}/replay', 'post'],
        ['/webhooks/{provider}/{connection}', 'post'],
        ['/webhooks/{provider}/{connection}', 'trace'],
      ]),
    );
  });
});
