import { announce, type StartInfo } from '../../src/observability/banner';
import { createLogger } from '../../src/observability/logger';
import { logFormat, useColor } from '../../src/observability/logFormat';

const terminal = { isTTY: true };
const pipe = { isTTY: false };

describe('pretty at a terminal, JSON everywhere else', () => {
  it.each([
    ['a terminal', {}, terminal, 'pretty'],
    ['a pipe, a file, docker or CI', {}, pipe, 'json'],
    ['LOG_FORMAT=json at a terminal', { LOG_FORMAT: 'json' }, terminal, 'json'],
    ['LOG_FORMAT=pretty into a pipe', { LOG_FORMAT: 'pretty' }, pipe, 'pretty'],
    ['LOG_FORMAT in capitals', { LOG_FORMAT: 'JSON' }, terminal, 'json'],
    ['LOG_FORMAT empty', { LOG_FORMAT: '' }, terminal, 'pretty'],
  ] as const)('%s → %s', (_case, env, out, expected) => {
    expect(logFormat(env, out)).toBe(expected);
  });

  it('an unknown LOG_FORMAT is refused, naming the valid ones', () => {
    expect(() => logFormat({ LOG_FORMAT: 'text' }, terminal)).toThrow('LOG_FORMAT must be one of json, pretty (got "text")');
  });

  it('colours at a terminal only, and not with NO_COLOR', () => {
    expect(useColor({}, terminal)).toBe(true);
    expect(useColor({ NO_COLOR: '1' }, terminal)).toBe(false);
    expect(useColor({}, pipe)).toBe(false);
  });

  it('the logger writes what the format says: one JSON object per line, or one readable line', () => {
    const json: string[] = [];
    const pretty: string[] = [];
    createLogger({ format: 'json', destination: { write: (l: string) => void json.push(l) } }).info({ deliveryId: 7 }, 'inbox: dead letter');
    createLogger({ format: 'pretty', destination: { write: (l: string) => void pretty.push(l) } }).info({ deliveryId: 7 }, 'inbox: dead letter');
    expect(JSON.parse(json[0]!)).toMatchObject({ level: 'info', msg: 'inbox: dead letter', deliveryId: 7 });
    expect(pretty).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d inbox: dead letter deliveryId=7\n$/)]);
  });

  it('the start banner follows the same choice: LOG_FORMAT=json at a terminal gives its one JSON line', () => {
    const info: StartInfo = { role: 'all', configOrigin: 'embedded demo', temporal: { namespace: 'default', reused: false }, taskQueues: [], connections: [], fakes: [] };
    const written: string[] = [];
    const logged: string[] = [];
    const log = createLogger({ destination: { write: (l: string) => void logged.push(l) } });
    announce(info, { isTTY: true, write: (t: string) => written.push(t) }, log, { LOG_FORMAT: 'json' });
    expect(written).toEqual([]);
    expect(JSON.parse(logged[0]!)).toMatchObject({ msg: 'reelflow is up' });
    announce(info, { isTTY: false, write: (t: string) => written.push(t) }, log, { LOG_FORMAT: 'pretty' });
    expect(written.join('')).toContain('reelflow (all) is up');
  });
});
