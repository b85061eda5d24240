/**
 * Errors cross every boundary (IPC, HTTP, CLI) as a code plus a readable message.
 * The closed union lets the renderer map each code to what the person can do about it.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FORBIDDEN',
  'ROOT_NOT_FOUND',
  'ROOT_OVERLAPS',
  'FILE_UNREADABLE',
  'FILE_BUSY',
  'FILE_EMPTY',
  'FILE_TRUNCATED',
  'UNSUPPORTED_FORMAT',
  'IMAGE_TOO_LARGE',
  'DECODE_FAILED',
  'MODEL_NOT_FOUND',
  'MODEL_INVALID',
  'MODEL_NOT_READY',
  'PROVIDER_UNAVAILABLE',
  'DOWNLOAD_FAILED',
  'CHECKSUM_MISMATCH',
  'DISK_FULL',
  'CANCELLED',
  'CATALOG_ERROR',
  'QUERY_INVALID',
  'FILE_OPERATION_FAILED',
  'LIBRARY_LOCKED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The AppError a payload from across a boundary stands for (the shell's main process, from the core host). */
export function fromErrorPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message, payload.details);
}

/** Turns anything thrown into the payload that crosses a boundary; unknown errors become INTERNAL. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  if (isErrorPayload(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return isErrorCode(record['code']) && typeof record['message'] === 'string';
}
