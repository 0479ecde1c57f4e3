// The browser core (`kql-engine`) must not reach Node built-ins; the loaders live behind `kql-engine/node`.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

/** Every module `entry` imports, transitively (relative imports), and the bare specifiers they use. */
function importGraph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(resolve(SRC, entry));
  return { files, bare };
}

describe('entry points', () => {
  it('src/index.ts (the browser core) imports no node: module and none of src/io', () => {
    const { files, bare } = importGraph('index.ts');
    expect([...bare].filter((s) => s.startsWith('node:') || ['fs', 'zlib', 'path'].includes(s))).toEqual([]);
    expect([...files].filter((f) => f.includes('/src/io/'))).toEqual([]);
  });

  it('src/node.ts reaches the loaders (node:fs, node:zlib)', () => {
    const { bare } = importGraph('node.ts');
    expect(bare.has('node:fs') && bare.has('node:zlib')).toBe(true);
  });
});
