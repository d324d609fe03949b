import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The published entry points must stay light: a team's workflow bundle takes everything
 * `reelflow/workflow` imports. Walks the source import graph (type imports too: they end up in
 * the .d.ts a team compiles against) and names every package and file it reaches.
 */
const ROOT = path.resolve(__dirname, '../..');

function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const pending = [path.join(ROOT, entry)];
  while (pending.length) {
    const file = pending.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.add(fileName.startsWith('@') ? fileName.split('/').slice(0, 2).join('/') : fileName.split('/')[0]!);
        continue;
      }
      const base = path.resolve(path.dirname(file), fileName);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!resolved) throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${fileName}`);
      pending.push(resolved);
    }
  }
  return { files: files.map((f) => path.relative(ROOT, f)).sort(), packages };
}

describe('published entry points', () => {
  it.each([
    { entry: 'src/sdk/workflow.ts', allowed: ['@temporalio/workflow', '@temporalio/common', 'nexus-rpc'], reaches: 'workflows/nexusService.ts' },
    { entry: 'src/sdk/client.ts', allowed: ['@temporalio/client', '@temporalio/common', '@temporalio/workflow'], reaches: 'workflows/resourceApi.ts' },
  ])('$entry imports only $allowed', ({ entry, allowed, reaches }) => {
    const { files, packages } = importGraph(entry);
    expect(files).toContain(reaches);
    // zod, Node built-ins, anything else: a team would inherit it.
    expect([...packages].filter((name) => !allowed.includes(name))).toEqual([]);
    // Reelflow's config, providers and activities belong to Reelflow's worker, never to a team's code.
    expect(files.filter((file) => /^(src\/(config|providers|temporal|inbox|ingress)|activities)\//.test(file))).toEqual([]);
  });

  it('sees through to a package several files down (the check itself works)', () => {
    // lifecycle.ts reaches zod through canonicalEvent.ts and phase.ts.
    expect(importGraph('src/domain/lifecycle.ts').packages).toContain('zod');
  });

  it('package.json exports both entries, with their types, from what the build emits', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    for (const [name, source] of [
      ['./workflow', 'src/sdk/workflow.ts'],
      ['./client', 'src/sdk/client.ts'],
    ] as const) {
      expect(build.files).toContain(source);
      const out = `./${build.compilerOptions.outDir}/${source.replace(/\.ts$/, '')}`;
      expect(pkg.exports[name]).toEqual({ types: `${out}.d.ts`, default: `${out}.js` });
    }
    expect(pkg.files).toContain('dist/');
  });
});
