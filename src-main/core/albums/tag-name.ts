/** A tag as stored: trimmed, inner whitespace single spaces, lower case. */
export function normaliseTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}
