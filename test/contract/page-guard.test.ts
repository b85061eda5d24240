import { describe, expect, it } from 'vitest';
import type { ApiMethod } from '../../src-main/contract/api.js';
import { guardPagePaths, type ChoosePath } from '../../src-main/contract/page-guard.js';

/** A transport's chooser that says yes to everything under /allowed, maps /ask to /chosen, and records every question. */
function recordingChooser(): { choose: ChoosePath; asked: { method: ApiMethod; path: string; purpose: string }[] } {
  const asked: { method: ApiMethod; path: string; purpose: string }[] = [];
  const choose: ChoosePath = (request) => {
    asked.push(request);
    if (request.path === '/ask') return Promise.resolve('/chosen');
    return Promise.resolve(request.path.startsWith('/allowed') ? request.path : null);
  };
  return { choose, asked };
}

const refusal = (work: Promise<unknown>) => work.then(() => null, (error: unknown) => error as { code?: string; message?: string });

describe('the page guard', () => {
  it('refuses a file read by path, and only that: search by path or classify by path, not by a library photo', async () => {
    const byPath = await refusal(guardPagePaths('search', { text: '', image: { path: '/etc/passwd' } }, null));
    expect(byPath).toMatchObject({ code: 'FORBIDDEN', message: 'search: the app cannot open a file by its path. Drop the photo onto the window or choose one from the library.' });
    expect(await refusal(guardPagePaths('classify', { imagePath: '/etc/passwd', prompts: ['a'] }, null))).toMatchObject({ code: 'FORBIDDEN' });
    // By a library photo or by the bytes of a dropped one: passed through untouched, no one asked.
    const byId = { photoId: 'p1', prompts: ['a'] };
    expect(await guardPagePaths('classify', byId, null)).toBe(byId);
    const byBytes = { text: '', image: { bytes: 'AAAA', name: 'drop.jpg' } };
    expect(await guardPagePaths('search', byBytes, null)).toBe(byBytes);
    // Those field names mean a file read only for those methods.
    const other = { photoId: 'p1', image: { path: '/x' }, imagePath: '/y' };
    expect(await guardPagePaths('similarPhotos', other, null)).toBe(other);
  });

  it('has each folder confirmed, keeps the rest of the input, and says what the folder is for', async () => {
    const { choose, asked } = recordingChooser();
    const mirror = await guardPagePaths('setAlbumMirror', { albumId: 'a1', folder: '/ask', mode: 'copy', fileImports: true }, choose);
    expect(mirror).toEqual({ albumId: 'a1', folder: '/chosen', mode: 'copy', fileImports: true });
    const plan = await guardPagePaths('planImport', { sources: ['/allowed/card', '/ask'], pattern: '{yyyy}' }, choose);
    // A list is confirmed item by item; a field not given stays absent (nothing is asked about it).
    expect(plan).toEqual({ sources: ['/allowed/card', '/chosen'], pattern: '{yyyy}' });
    const start = await guardPagePaths('startImport', { sources: ['/allowed/card'], to: '/allowed/to' }, choose);
    expect(start).toEqual({ sources: ['/allowed/card'], to: '/allowed/to' });
    expect(asked.map((a) => [a.method, a.path])).toEqual([
      ['setAlbumMirror', '/ask'],
      ['planImport', '/allowed/card'],
      ['planImport', '/ask'],
      ['startImport', '/allowed/card'],
      ['startImport', '/allowed/to'],
    ]);
  });

  it('asks about every method that takes a folder, each time saying what for, and refuses what the person refuses', async () => {
    const calls: [ApiMethod, Record<string, unknown>][] = [
      ['addRoot', { path: '/allowed/a' }],
      ['setAlbumMirror', { albumId: 'a1', folder: '/allowed/m', mode: 'copy' }],
      ['importModel', { path: '/allowed/model' }],
      ['planImport', { sources: ['/allowed/s'], to: '/allowed/t' }],
      ['startImport', { sources: ['/allowed/s'], to: '/allowed/t' }],
      ['addImportFolder', { path: '/allowed/f' }],
      ['setImportSettings', { folder: '/allowed/i' }],
      ['useModel', { dir: '/allowed/model' }],
    ];
    const { choose, asked } = recordingChooser();
    for (const [method, input] of calls) {
      expect(await guardPagePaths(method, input, choose), method).toEqual(input);
      const refused = await refusal(guardPagePaths(method, JSON.parse(JSON.stringify(input).replaceAll('/allowed/', '/elsewhere/')) as unknown, choose));
      expect(refused, method).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused?.message, method).toContain('/elsewhere/');
      expect(refused?.message, method).toContain('shoebox serve --allow <folder>');
    }
    expect(new Set(asked.map((a) => a.method))).toEqual(new Set(calls.map(([m]) => m)));
    // The person is told, in words, what each folder would be used for.
    for (const question of asked) expect(question.purpose, `${question.method} ${question.path}`).toMatch(/^[a-z][a-z ]{10,}$/);
    // Without a chooser, a folder from the page is refused outright.
    expect(await refusal(guardPagePaths('addRoot', { path: '/allowed/a' }, null))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
