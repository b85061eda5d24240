import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../../src-main/core/library/supported-files.js';

/** The answer path.relative alone gives: isInside's string fast path must never differ from it. */
function byRelative(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

describe('isInside', () => {
  const parents = ['/photos', '/photos/', '/pho', '/', '/photos/2020', 'photos', '/photos/../other', '/photos/./x'];
  const children = [
    '/photos', '/photos/', '/photos/a.jpg', '/photos/2020/a.jpg', '/photosx/a.jpg', '/photo', '/photos/../etc/passwd',
    '/photos/./a.jpg', '/photos/.hidden/a.jpg', '/photos/..foo/a.jpg', '/photos//a.jpg', '/other/a.jpg', '/photos/2020',
    'photos/a.jpg', '/photos/../other/a.jpg', '/photos/x/../../etc', '/photos/a/..', '/',
  ];

  it('answers as path.relative does, for every pair of tricky paths', () => {
    for (const parent of parents) {
      for (const child of children) expect([child, parent, isInside(child, parent)]).toEqual([child, parent, byRelative(child, parent)]);
    }
  });

  it('a photo below its root is inside; a sibling with the same prefix and an escape by .. are not', () => {
    expect(isInside('/photos/2020/a.jpg', '/photos')).toBe(true);
    expect(isInside('/photosx/a.jpg', '/photos')).toBe(false);
    expect(isInside('/photos/../etc/passwd', '/photos')).toBe(false);
  });
});
