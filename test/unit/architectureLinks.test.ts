import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Comments point into docs/architecture.md by section: a renamed heading must not leave them dangling. */
const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
const anchors = new Set(
  [...doc.matchAll(/^#{1,6} (.+)$/gm)].map(([, title]) =>
    title!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-'),
  ),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mjs|ya?ml|md)$/.test(entry.name) ? [path] : [];
  });
}

describe('docs/architecture.md', () => {
  const links = ['src', 'workflows', 'activities', 'test', 'bench', 'docs']
    .flatMap(sourceFiles)
    .concat('reelflow.config.example.yaml')
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/architecture\.md#([a-z0-9-]+)/g)].map(([, anchor]) => ({ file, anchor: anchor! })));

  it('has every section the code points at', () => {
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter(({ anchor }) => !anchors.has(anchor))).toEqual([]);
  });

  it('links only to its own sections', () => {
    const inner = [...doc.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map(([, anchor]) => anchor!);
    expect(inner.length).toBeGreaterThan(0);
    expect(inner.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it('is the only design document the code cites', () => {
    const cites = ['src', 'workflows', 'activities', 'test', 'bench'].flatMap(sourceFiles).filter((file) => new RegExp(`DESIGN ${'§'}`).test(readFileSync(join(root, file), 'utf8')));
    expect(cites).toEqual([]);
  });
});
