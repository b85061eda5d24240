import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['src-main', 'src-renderer', 'test', 'scripts'];

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      const file = path.join(entry.parentPath, entry.name);
      // this file names notes in its own text, as patterns
      if (entry.isFile() && /\.(ts|svelte|mjs)$/.test(entry.name) && file !== import.meta.filename) files.push(file);
    }
  }
  return files;
}

describe('docs/ARCHITECTURE.md', () => {
  it('indexes every [Note: …] where it is written, and no note that does not exist', async () => {
    const written = new Map<string, string>();
    const mentioned = new Set<string>();
    for (const file of await sourceFiles()) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:\*|\/\/)\s*\[Note: ([^\]]+)\]\s*$/gm)) {
        written.set(match[1] ?? '', path.relative(ROOT, file).split(path.sep).join('/'));
      }
      // a mention may wrap onto the next comment line
      for (const match of text.matchAll(/\[Note: ([^\]]+)\]/g)) mentioned.add((match[1] ?? '').replace(/\s*\n\s*(?:\*|\/\/)?\s*/g, ' '));
    }
    const doc = await readFile(path.join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const indexed = new Map(
      [...doc.matchAll(/^\| ([A-Za-z0-9 +-]+) \| `([^`]+)` \|$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    expect(Object.fromEntries(indexed)).toEqual(Object.fromEntries(written));
    // every note a file points to is written somewhere
    expect([...mentioned].filter((name) => !written.has(name))).toEqual([]);
  });

  it('is linked from the README, and nothing sends a reader outside the repository', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('(docs/ARCHITECTURE.md)');
    expect(readme).not.toMatch(/\.\.\/shared/);
  });
});
