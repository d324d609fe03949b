import { validateConfig } from '../../src/config/load';
import { FastpixConnection } from '../../src/providers/fastpix/connection';
import { isBase64 } from '../../src/providers/fastpix/signature';

const SECRET = Buffer.from('a-signing-secret').toString('base64');
const base = { name: 'main', provider: 'fastpix', signingSecret: SECRET };

function issueOf(entry: Record<string, unknown>): { path: string; message: string } {
  const parsed = FastpixConnection.safeParse(entry);
  if (parsed.success) throw new Error('expected the connection to be refused');
  const issue = parsed.error.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('FastPix connection', () => {
  it('has the documented defaults and takes a single secret as a list', () => {
    expect(FastpixConnection.parse(base)).toEqual({ ...base, signingSecret: [SECRET], signingSecretEncoding: 'base64', apiBaseUrl: 'https://api.fastpix.com' });
  });

  it('refuses a signing secret that is not base64, naming it without echoing it', () => {
    const issue = issueOf({ ...base, signingSecret: 'not base64!' });
    expect(issue).toEqual({ path: 'signingSecret', message: expect.stringContaining('not valid base64') });
    expect(issue.message).not.toContain('not base64!');
    expect(issueOf({ ...base, signingSecret: [SECRET, 'bad secret'] }).path).toBe('signingSecret.1');
  });

  it('takes any secret with signingSecretEncoding: raw', () => {
    expect(FastpixConnection.parse({ ...base, signingSecret: 'not base64!', signingSecretEncoding: 'raw' }).signingSecret).toEqual(['not base64!']);
  });

  it('wants accessTokenId and secretKey together', () => {
    expect(issueOf({ ...base, accessTokenId: 'id' }).path).toBe('secretKey');
    expect(issueOf({ ...base, secretKey: 'key' }).path).toBe('accessTokenId');
    expect(FastpixConnection.parse({ ...base, accessTokenId: 'id', secretKey: 'key' })).toMatchObject({ accessTokenId: 'id', secretKey: 'key' });
  });

  it.each([
    [{ apiBaseUrl: 'ftp://api.fastpix.com' }, 'apiBaseUrl'],
    [{ workspace: 'ws:1' }, 'workspace'],
    [{ workspace: 'with space' }, 'workspace'],
    [{ signingSecretEncoding: 'hex' }, 'signingSecretEncoding'],
    [{ extra: true }, ''],
    [{ name: 'Main' }, 'name'],
  ])('refuses %j at %s', (change, path) => {
    expect(issueOf({ ...base, ...change }).path).toBe(path);
  });

  it('is checked by the config loader, naming the connection field', () => {
    expect(() => validateConfig({ connections: [{ ...base, signingSecret: '%%%' }] }, 'test')).toThrow(/connections\.0\.signingSecret: not valid base64/);
  });
});

describe('base64 check', () => {
  it.each([
    ['cmVlbGZsb3c=', true],
    ['cmVlbGZsb3c', true],
    ['YQ==', true],
    ['a+b/', true],
    ['', false],
    ['YQ=', false],
    ['Y', false],
    ['a-b_', false],
    ['YQ==YQ==', false],
    ['has space', false],
  ])('%j → %s', (value, valid) => {
    expect(isBase64(value)).toBe(valid);
  });
});
