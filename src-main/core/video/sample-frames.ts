import { ffmpegPath, runBinary } from './ffmpeg-run.js';
import { videoError, type VideoInfo } from './video-probe.js';

/*
 * [Note: video moments]
 * A video is searched by what happens in it. ffmpeg decodes it once and keeps a frame where the picture
 * changes (its scene score over SCENE_CHANGE), the first frame, and one every PERIOD_S seconds through a
 * long unchanging shot; never two within MIN_GAP_S. At most PER_MINUTE frames are kept in any minute and
 * MAX_FRAMES in all, so a long or restless video costs a bounded number of embeddings, and a clip shorter
 * than any gap still gets its first frame. Frames come out of ffmpeg already reduced (short side
 * FRAME_SHORT_SIDE, enough for the model's 224 crop with room and for the 320-px thumbnail) and upright
 * (ffmpeg applies the file's rotation).
 *
 * Each kept frame is a moment: its time and its embedding. The video is one row of the photos table (so
 * grid, albums and duplicates treat it as one item) whose vector and thumbnail are its most typical moment
 * (the frame nearest the mean of all its frames); every moment is a row of the `moments` table (photo id,
 * time, vector). A search scores a video by its best moment and says which one it was, and the viewer
 * starts the video there.
 */

const SCENE_CHANGE = 0.3;
const MIN_GAP_S = 1.5;
const PERIOD_S = 20;
const PER_MINUTE = 6;
const MAX_FRAMES = 48;
const FRAME_SHORT_SIDE = 448;
/** ffmpeg may take this long per minute of video (and 30 s at least) before it is stopped. */
const TIMEOUT_PER_MINUTE_MS = 60_000;

export interface VideoFrame {
  /** seconds from the start */
  time: number;
  /** upright RGB, width × height × 3 */
  data: Buffer;
  width: number;
  height: number;
}

/** The frame size ffmpeg is asked for: even sides, the short one FRAME_SHORT_SIDE (never enlarged). */
export function frameSize(info: Pick<VideoInfo, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(1, FRAME_SHORT_SIDE / Math.min(info.width, info.height));
  const even = (n: number): number => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(info.width), height: even(info.height) };
}

/** At most PER_MINUTE in any minute and MAX_FRAMES in all, spread over the whole video. */
function capped(frames: VideoFrame[]): VideoFrame[] {
  const perMinute = new Map<number, number>();
  const kept = frames.filter((f) => {
    const minute = Math.floor(f.time / 60);
    const n = perMinute.get(minute) ?? 0;
    perMinute.set(minute, n + 1);
    return n < PER_MINUTE;
  });
  if (kept.length <= MAX_FRAMES) return kept;
  const step = kept.length / MAX_FRAMES;
  return Array.from({ length: MAX_FRAMES }, (_, i) => kept[Math.floor(i * step)] as VideoFrame);
}

/** Samples a video's moments: see [Note: video moments]. */
export async function sampleFrames(file: string, info: VideoInfo): Promise<VideoFrame[]> {
  const { width, height } = frameSize(info);
  const select = `select='eq(n,0)+gte(t-prev_selected_t,${MIN_GAP_S})*(gt(scene,${SCENE_CHANGE})+gte(t-prev_selected_t,${PERIOD_S}))'`;
  const args = [
    '-hide_banner', '-nostdin', '-v', 'info', '-i', file, '-an', '-sn', '-dn',
    '-vf', `${select},showinfo,scale=${width}:${height}:flags=area`,
    '-vsync', 'vfr', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const timeoutMs = Math.max(30_000, (info.duration / 60) * TIMEOUT_PER_MINUTE_MS);
  const frameBytes = width * height * 3;
  const result = await runBinary(ffmpegPath(), args, timeoutMs, frameBytes * (MAX_FRAMES * 8 + 8));
  if (result.timedOut) throw videoError('DECODE_FAILED', file, `ffmpeg did not finish in ${Math.round(timeoutMs / 1000)} s`);
  const times = [...result.stderr.matchAll(/Parsed_showinfo.*?pts_time:\s*([\d.]+)/g)].map((m) => Number(m[1]));
  const count = Math.min(times.length, Math.floor(result.stdout.length / frameBytes));
  if (count === 0) {
    const detail = result.stderr.trim().split('\n').filter((l) => !l.includes('Parsed_showinfo')).at(-1) ?? 'no frame decoded';
    throw videoError(/partial file|moov atom|End of file|truncat/i.test(result.stderr) ? 'FILE_TRUNCATED' : 'DECODE_FAILED', file, detail);
  }
  const frames = Array.from({ length: count }, (_, i) => ({
    time: times[i] ?? 0,
    data: result.stdout.subarray(i * frameBytes, (i + 1) * frameBytes),
    width,
    height,
  }));
  return capped(frames);
}
