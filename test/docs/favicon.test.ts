import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src-main/contract/csp.js';

// Without an icon in the page, every load asks for /favicon.ico and gets a 404 (#14).
describe('the page icon', () => {
  it('comes inline with the page, as an image the CSP allows, so no request for it can fail', async () => {
    const html = await readFile(path.join(import.meta.dirname, '..', '..', 'src-renderer', 'index.html'), 'utf8');
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(href.startsWith('data:image/svg+xml,')).toBe(true);
    expect(decodeURIComponent(href.slice('data:image/svg+xml,'.length))).toMatch(/^<svg xmlns='http:\/\/www\.w3\.org\/2000\/svg'.*<\/svg>$/);
    expect(contentSecurityPolicy()).toMatch(/img-src [^;]*data:/);
  });
});
