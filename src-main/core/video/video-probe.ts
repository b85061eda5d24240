import { AppError } from '../../contract/errors.js';
import { ffprobePath, runBinary } from './ffmpeg-run.js';

export interface VideoInfo {
  /** seconds */
  duration: number;
  /** the video stream's codec, as ffprobe names it (h264, hevc, vp9 …) */
  codec: string;
  /** upright size: the rotation the file asks for is applied */
  width: number;
  height: number;
  /** when it was recorded: QuickTime's creationdate (with its zone) or the container's creation_time */
  takenAt: number | null;
  offset: string | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string; tags?: Record<string, string> };
}

const PROBE_TIMEOUT_MS = 20_000;

export function videoError(code: 'DECODE_FAILED' | 'FILE_TRUNCATED' | 'UNSUPPORTED_FORMAT', file: string, detail: string): AppError {
  const messages = {
    FILE_TRUNCATED: `${file} is cut short: the video ends before its own index says it should, so it was probably not copied completely. Copy it again from its source.`,
    UNSUPPORTED_FORMAT: `${file} has no video stream (${detail}), so there is nothing to show or search. An audio-only file is not indexed.`,
    DECODE_FAILED: `${file} could not be read as a video (${detail}). It may be damaged: try playing it in another program.`,
  };
  return new AppError(code, messages[code], { file, format: 'video', detail });
}

const CUT_SHORT = /moov atom not found|Invalid data found when processing input|End of file|truncat|partial file/i;

/** "+0200" or "+02:00" from the end of an ISO date, or null. */
function offsetOf(text: string): string | null {
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  return match ? `${match[1]}${match[2]}:${match[3]}` : null;
}

function recordedAt(tags: Record<string, string>): { takenAt: number | null; offset: string | null } {
  // iPhones write the local time with its zone here; creation_time is UTC and often the export's
  const apple = tags['com.apple.quicktime.creationdate'];
  const text = apple ?? tags['creation_time'];
  if (text === undefined) return { takenAt: null, offset: null };
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  if (Number.isNaN(time) || time <= 0) return { takenAt: null, offset: null };
  return { takenAt: time, offset: apple === undefined ? null : offsetOf(apple) };
}

/** What ffprobe says about a video; throws a coded AppError naming the file when it is not a usable one. */
export async function probeVideo(file: string): Promise<VideoInfo> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file];
  const result = await runBinary(ffprobePath(), args, PROBE_TIMEOUT_MS, 8 * 2 ** 20);
  if (result.timedOut) throw videoError('DECODE_FAILED', file, `ffprobe did not finish in ${PROBE_TIMEOUT_MS / 1000} s`);
  const detail = result.stderr.trim().split('\n').at(-1) ?? '';
  if (result.code !== 0) throw videoError(CUT_SHORT.test(result.stderr) ? 'FILE_TRUNCATED' : 'DECODE_FAILED', file, detail);
  const probe = JSON.parse(result.stdout.toString('utf8')) as ProbeOutput;
  const video = probe.streams?.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0);
  if (!video) {
    const kinds = [...new Set((probe.streams ?? []).map((s) => s.codec_type ?? 'unknown'))].join(', ') || 'no streams';
    throw videoError('UNSUPPORTED_FORMAT', file, kinds);
  }
  const rotation = Number(video.tags?.['rotate'] ?? video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  const turned = Math.abs(rotation) % 180 === 90;
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  const duration = Number(probe.format?.duration ?? video.duration ?? 0);
  return {
    duration: Number.isFinite(duration) ? duration : 0,
    codec: video.codec_name ?? 'unknown',
    width: turned ? height : width,
    height: turned ? width : height,
    ...recordedAt({ ...video.tags, ...probe.format?.tags }),
  };
}
