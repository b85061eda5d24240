import type { ErrorCode } from '../../../../src-main/contract/errors.js';

/**
 * A headline per code, saying what happened in the person's words; the core's message (which
 * names the file and what to do) is shown under it. A Record keeps this exhaustive: a code
 * added to the contract fails the typecheck here until it has a headline.
 */
const headlines: Record<ErrorCode, string> = {
  INVALID_INPUT: 'That input was not accepted',
  NOT_FOUND: 'Not found',
  ALREADY_EXISTS: 'It already exists',
  FORBIDDEN: 'Not allowed',
  ROOT_NOT_FOUND: 'That folder does not exist',
  ROOT_OVERLAPS: 'That folder overlaps a library folder',
  FILE_UNREADABLE: 'A file could not be read',
  FILE_EMPTY: 'A file is empty',
  FILE_TRUNCATED: 'A file is incomplete',
  UNSUPPORTED_FORMAT: 'That file type is not supported',
  IMAGE_TOO_LARGE: 'That image is too large',
  DECODE_FAILED: 'An image could not be decoded',
  MODEL_NOT_FOUND: 'The model is missing',
  MODEL_INVALID: 'The model files are damaged',
  MODEL_NOT_READY: 'The model is not ready yet',
  PROVIDER_UNAVAILABLE: 'That accelerator is not available',
  DOWNLOAD_FAILED: 'The download failed',
  CHECKSUM_MISMATCH: 'A downloaded file did not match its checksum',
  DISK_FULL: 'The disk is full',
  CANCELLED: 'Cancelled',
  CATALOG_ERROR: 'The photo catalogue had a problem',
  QUERY_INVALID: 'That search could not be understood',
  FILE_OPERATION_FAILED: 'A file operation failed',
  LIBRARY_LOCKED: 'Another Shoebox is using this library',
  INTERNAL: 'Something went wrong',
};

export function headlineFor(code: ErrorCode): string {
  return headlines[code];
}
