import { AppError, type ErrorCode } from '../../contract/errors.js';
import { looksCutShort, SUPPORTED_FORMATS_TEXT, type ImageFormat } from './image-format.js';

/** The codes imaging throws; each names the file and says what the person can do. */
export type ImagingErrorCode = Extract<
  ErrorCode,
  | 'FILE_EMPTY'
  | 'FILE_TRUNCATED'
  | 'FILE_UNREADABLE'
  | 'UNSUPPORTED_FORMAT'
  | 'IMAGE_TOO_LARGE'
  | 'DECODE_FAILED'
  | 'DISK_FULL'
  | 'FILE_OPERATION_FAILED'
>;

function imagingError(
  code: ImagingErrorCode,
  message: string,
  details: Record<string, unknown>,
  cause?: unknown,
): AppError {
  return new AppError(code, message, details, { cause });
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure to read the image file itself (missing, a folder, no permission, a broken link). */
export function readFailed(file: string, error: unknown): AppError {
  const errno = errnoOf(error);
  const reason =
    errno === 'ENOENT'
      ? 'it does not exist (moved or deleted, or a link to a missing file)'
      : errno === 'EISDIR'
        ? 'it is a folder, not a file'
        : errno === 'EACCES' || errno === 'EPERM'
          ? 'permission denied'
          : messageOf(error);
  return imagingError(
    'FILE_UNREADABLE',
    `Cannot read ${file}: ${reason}. Check that the file is there and that you may read it.`,
    { file, errno },
    error,
  );
}

export function emptyFile(file: string): AppError {
  return imagingError(
    'FILE_EMPTY',
    `${file} is empty (0 bytes): the copy may have failed or still be running. Copy it again from its source.`,
    { file },
  );
}

export function unsupportedFormat(file: string): AppError {
  return imagingError(
    'UNSUPPORTED_FORMAT',
    `${file} is not an image Shoebox can read. Supported formats: ${SUPPORTED_FORMATS_TEXT}.`,
    { file },
  );
}

const mp = (n: number): string => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MP`;

export function tooLarge(file: string, width: number, height: number, maxPixels: number): AppError {
  return imagingError(
    'IMAGE_TOO_LARGE',
    `${file} is ${width}×${height} (${mp(width * height)}), over the ${mp(maxPixels)} limit that guards against decompression bombs. Save a smaller copy to index it.`,
    { file, width, height, maxPixels },
  );
}

/** Far more pixels than the file has bytes for: see [Note: very large photos]. */
export function bombLike(file: string, width: number, height: number, bytes: number): AppError {
  return imagingError(
    'IMAGE_TOO_LARGE',
    `${file} says it is ${width}×${height} (${mp(width * height)}) in only ${(bytes / 1024).toFixed(0)} kB, far fewer bytes than any photo that size: the mark of a decompression bomb, so it was not decoded. If it is a real image, save it again (for example as JPEG) to index it.`,
    { file, width, height, bytes },
  );
}

const CUT_SHORT_MESSAGE = /premature end|unexpected end|end of file|truncated/i;

/** Maps a decoder failure to what went wrong with the file. */
export function decodeFailed(file: string, bytes: Uint8Array, format: ImageFormat, error: unknown): AppError {
  const detail = messageOf(error).split('\n')[0] ?? '';
  if (/exceeds pixel limit/i.test(detail)) {
    return imagingError(
      'IMAGE_TOO_LARGE',
      `${file} is too large to decode safely. Save a smaller copy to index it.`,
      { file },
      error,
    );
  }
  if (CUT_SHORT_MESSAGE.test(detail) || looksCutShort(bytes, format)) {
    return imagingError(
      'FILE_TRUNCATED',
      `${file} is cut short: the image data ends early, so it was probably not copied completely. Copy it again from its source.`,
      { file, format, detail },
      error,
    );
  }
  return imagingError(
    'DECODE_FAILED',
    `${file} could not be decoded as ${format.toUpperCase()} (${detail}). It may be damaged: try opening and re-saving it in another program.`,
    { file, format, detail },
    error,
  );
}

/** A failure to write an output file (thumbnail, tensor dump). */
export function writeFailed(file: string, error: unknown): AppError {
  const errno = errnoOf(error);
  if (errno === 'ENOSPC') {
    return imagingError(
      'DISK_FULL',
      `Cannot write ${file}: the disk is full. Free some space and try again.`,
      { file, errno },
      error,
    );
  }
  return imagingError(
    'FILE_OPERATION_FAILED',
    `Cannot write ${file}: ${messageOf(error)}. Check that the folder exists and is writable.`,
    { file, errno },
    error,
  );
}
