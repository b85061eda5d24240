import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

async function existingFile(candidate: string): Promise<string | null> {
  const info = await stat(candidate).catch(() => null);
  if (info?.isFile() === true) return candidate;
  if (info?.isDirectory() === true) return existingFile(path.join(candidate, 'index.html'));
  return null;
}

/** The path a URL path names under `root`, or null when it climbs out (`..`, an absolute path). */
function resolveInside(root: string, urlPath: string): string | null {
  const target = path.resolve(root, `.${path.sep}${urlPath}`);
  return isInside(root, target) ? target : null;
}

/** A symlink inside the folder that points out of it is as outside as `..`. */
async function staysInside(root: string, file: string): Promise<boolean> {
  return isInside(await realpath(root), await realpath(file));
}

function decodePath(rawPath: string): string | null {
  try {
    const decoded = decodeURIComponent(rawPath);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

// Vite puts content hashes in the names under assets/, so those never change; the page itself always revalidates.
function cacheControlFor(root: string, file: string): string {
  return isInside(path.join(root, 'assets'), file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; path: string; isPage: boolean; cacheControl: string }
  | { kind: 'invalid' | 'outside' | 'missing' };

/**
 * Finds the file of the built renderer that a URL path names. A path without an extension that names no
 * file is a client-side route, answered with index.html (SPA fallback); a missing asset stays missing.
 * Shared by the server and the Electron shell's app:// protocol.
 */
export async function lookupStaticFile(staticDir: string, rawPath: string): Promise<StaticLookup> {
  const root = path.resolve(staticDir);
  const urlPath = decodePath(rawPath);
  if (urlPath === null) return { kind: 'invalid' };
  const target = resolveInside(root, urlPath);
  if (target === null) return { kind: 'outside' };
  const spaFallback = path.extname(urlPath) === '' ? path.join(root, 'index.html') : null;
  const file =
    (await existingFile(target)) ?? (spaFallback === null ? null : await existingFile(spaFallback));
  if (file === null) return { kind: 'missing' };
  if (!(await staysInside(root, file))) return { kind: 'outside' };
  return {
    kind: 'file',
    path: file,
    isPage: path.extname(file) === '.html',
    cacheControl: cacheControlFor(root, file),
  };
}
