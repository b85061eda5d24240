import { toErrorPayload, type ErrorPayload } from './errors.js';

/** What every transport answers for a call (HTTP body, IPC reply, utility-process message). */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: Pick<ErrorPayload, 'code' | 'message'> };

export function okEnvelope<T>(value: T): Envelope<T | null> {
  // JSON has no undefined: a void method answers null so `value` is always present.
  return { ok: true, value: value === undefined ? null : value };
}

export function errorEnvelope(error: unknown): Envelope<never> {
  const { code, message } = toErrorPayload(error);
  return { ok: false, error: { code, message } };
}

const PHOTO_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Photo ids are content hashes: anything else (a path, `..`, an escape) is refused before the core sees it. */
export function isPhotoId(value: string): boolean {
  return PHOTO_ID.test(value);
}
