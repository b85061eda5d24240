import { createHash } from 'node:crypto';

/**
 * A model id made safe for a file or table name (`text-<id>.bin`, `photos__<id>`). Ids from the
 * catalogue pass unchanged; a folder name with other characters is lower-cased, cleaned, and given a
 * short hash of the original, so two different ids never share a name.
 */
export function fileSafeId(id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 48);
  if (slug === id && slug !== '') return slug;
  const hash = createHash('sha1').update(id).digest('hex').slice(0, 8);
  return `${slug === '' ? 'model' : slug}_${hash}`;
}
