import type { MachineInfo, Throughput } from './bench-env.js';
import type { ImportFigures } from './import-bench.js';
import type { CliIndexResult } from './cli-index.js';
import type { MediaResults } from './media-bench.js';
import type { PeerChildResult } from './peer-child.js';
import type { SearchFigures } from './search-bench.js';
import type { FirstAnswerResult, IdleResult } from './search-child.js';
import type { MultilingualTextResult } from './multilingual-bench.js';

/** Everything one run measured; `--json` prints the summary of it, the table prints all of it. */
export interface BenchResults {
  machine: MachineInfo;
  date: string;
  command: string;
  photos: { count: number; averageMb: number };
  model: { fp32: Throughput; int8: Throughput };
  decode: Throughput;
  e2e: { fp32: CliIndexResult; int8: CliIndexResult };
  peer: PeerChildResult;
  textEncodeMs: { fp32: number; int8: number };
  /** the multilingual text tower (DistilBERT-shaped, tokenizer + transformer + pooling + Dense), ms per query */
  multilingualText: MultilingualTextResult;
  search100k: SearchFigures;
  search1m: SearchFigures | null;
  firstAnswer: FirstAnswerResult;
  idle: IdleResult;
  /** --full only */
  firstAnswer1m: FirstAnswerResult | null;
  idle1m: IdleResult | null;
  imports: ImportFigures;
  media: MediaResults;
}

/** 1 / (1/L + 1/D): the best a pipeline can do when decoding and inference share the same cores. */
export const limitOf = (model: number, decode: number): number => 1 / (1 / model + 1 / decode);

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The one JSON object of `npm run bench -- --json`, in the shape the benchmark issue fixes. */
export function summaryJson(r: BenchResults): Record<string, Record<string, number | null>> {
  const limit = limitOf(r.model.fp32.perSecond, r.decode.perSecond);
  const limitInt8 = limitOf(r.model.int8.perSecond, r.decode.perSecond);
  const search: Record<string, number | null> = {
    p50_ms_100k: round(r.search100k.p50Ms),
    p95_ms_100k: round(r.search100k.p95Ms),
    recall20_100k: round(r.search100k.recall20, 3),
    p95_ms_100k_filtered: round(r.search100k.p95MsFiltered),
    text_encode_ms: round(r.textEncodeMs.fp32),
    multilingual_text_ms: round(r.multilingualText.fp32Ms),
    first_answer_ms_100k: round(r.firstAnswer.firstAnswerMs, 0),
  };
  if (r.search1m) {
    search['p50_ms_1m'] = round(r.search1m.p50Ms);
    search['p95_ms_1m'] = round(r.search1m.p95Ms);
    search['recall20_1m'] = round(r.search1m.recall20, 3);
    search['p95_ms_1m_filtered'] = round(r.search1m.p95MsFiltered);
  }
  if (r.firstAnswer1m) search['first_answer_ms_1m'] = round(r.firstAnswer1m.firstAnswerMs, 0);
  return {
    index: {
      model_per_s: round(r.model.fp32.perSecond),
      decode_per_s: round(r.decode.perSecond),
      limit_per_s: round(limit),
      e2e_per_s: round(r.e2e.fp32.perSecond),
      ratio: round(r.e2e.fp32.perSecond / limit, 3),
      int8_ratio: round(r.e2e.int8.perSecond / limitInt8, 3),
      e2e_cpu_ms_per_photo: r.e2e.fp32.cpuMsPerPhoto === null ? null : round(r.e2e.fp32.cpuMsPerPhoto, 0),
      startup_s: round(r.e2e.fp32.startupSeconds, 2),
    },
    peer: {
      transformersjs_per_s: round(r.peer.perSecond),
      ratio: round(r.e2e.fp32.perSecond / r.peer.perSecond, 2),
      ceiling_limit_over_peer: round(limit / r.peer.perSecond, 2),
      photos: r.peer.photos,
    },
    search,
    memory: {
      peak_rss_mb_indexing: r.e2e.fp32.peakRssMb === null ? null : round(r.e2e.fp32.peakRssMb, 0),
      idle_rss_mb_100k: round(r.idle.rssMb, 0),
      ...(r.idle1m ? { idle_rss_mb_1m: round(r.idle1m.rssMb, 0) } : {}),
    },
    import: importJson(r.imports),
  };
}

const mbPerSecond = (bytes: number, seconds: number): number => bytes / 1e6 / seconds;

export function importJson(i: ImportFigures): Record<string, number | null> {
  return {
    cp_mb_s: round(mbPerSecond(i.bytes, i.cpSeconds), 1),
    import_mb_s: round(mbPerSecond(i.bytes, i.importSeconds), 1),
    ratio_vs_cp: round(i.ratio, 3),
    ratio_vs_cp_sync: round(i.ratioVsCpSync, 3),
    ratio_vs_cp_verified: round(i.ratioVsCpVerified, 3),
    cp_cpu_s: round(i.cpCpuSeconds, 2),
    import_cpu_s: round(i.importCpuSeconds, 2),
    cp_sync_mb_s: round(mbPerSecond(i.bytes, i.cpSyncSeconds), 1),
    cp_verified_mb_s: round(mbPerSecond(i.bytes, i.cpVerifiedSeconds), 1),
    sha256_mb_s: round(mbPerSecond(i.bytes, i.sha256Seconds), 1),
    bare_durable_mb_s: round(mbPerSecond(i.bytes, i.bareDurableSeconds), 1),
    bare_verified_mb_s: round(mbPerSecond(i.bytes, i.bareVerifiedSeconds), 1),
    bare_verified_cpu_s: round(i.bareVerifiedCpuSeconds, 2),
    raw_card_ratio_vs_cp_sync: round(i.rawCard.ratioVsCpSync, 3),
    raw_card_import_mb_s: round(mbPerSecond(i.rawCard.bytes, i.rawCard.importSeconds), 1),
    searchable_s: i.searchable ? round(i.searchable.seconds, 1) : null,
    searchable_photos: i.searchable ? i.searchable.files : null,
  };
}

/** The import's figures: copy-and-verify against plain cp of the same files in the same run, and import to searchable. */
export function importRows(i: ImportFigures): Row[] {
  const rate = (seconds: number): string => `${round(mbPerSecond(i.bytes, seconds), 1)} MB/s`;
  const rows: Row[] = [
    [`plain cp -R of ${i.files} photos (${round(i.bytes / 1e6, 0)} MB), same disk`, `${round(i.cpSeconds, 2)} s, ${rate(i.cpSeconds)}`, '', ''],
    ['the same cp, then sync (the fair baseline: the bytes on disk)', `${round(i.cpSyncSeconds, 2)} s, ${rate(i.cpSyncSeconds)}`, '', ''],
    ['the same cp, sync, then a SHA-256 check of the copy (verified by hand)', `${round(i.cpVerifiedSeconds, 2)} s, ${rate(i.cpVerifiedSeconds)}`, '', ''],
    ['one SHA-256 pass over the same files (page cache)', `${round(i.sha256Seconds, 2)} s, ${rate(i.sha256Seconds)}`, '', ''],
    ['the import\'s method bare (no plan, log or catalogue): the kernel\'s copy to a temp name, fsync, link', `${round(i.bareDurableSeconds, 2)} s, ${rate(i.bareDurableSeconds)}`, '', ''],
    ['the same, plus the source read and its SHA-256 taken, the copy read back and compared (the import\'s ceiling here)', `${round(i.bareVerifiedSeconds, 2)} s, ${rate(i.bareVerifiedSeconds)}`, '', ''],
    ['import: plan + copy + fsync + read-back check + SHA-256 + place', `${round(i.importSeconds, 2)} s, ${rate(i.importSeconds)}`, '', ''],
    ['CPU time (user + system): cp alone / the bare verified copy / the import', `${round(i.cpCpuSeconds, 2)} s / ${round(i.bareVerifiedCpuSeconds, 2)} s / ${round(i.importCpuSeconds, 2)} s`, '', ''],
    ['import / (cp + sync) throughput', `${round(i.ratioVsCpSync, 2)}`, '≥ 0.8', verdict(i.ratioVsCpSync, 0.8, true)],
    ['import / plain cp throughput', `${round(i.ratio, 2)}`, '≥ 0.8', verdict(i.ratio, 0.8, true)],
    ['import / (cp + sync + SHA-256 check) throughput', `${round(i.ratioVsCpVerified, 2)}`, '', ''],
    ['bare durable / (cp + sync): a copy and an fsync per file against one sync at the end', `${round(i.cpSyncSeconds / i.bareDurableSeconds, 2)}`, '', ''],
    ['bare verified / plain cp: the import\'s method (fsynced and checked) with no Shoebox code around it', `${round(i.cpSeconds / i.bareVerifiedSeconds, 2)}`, '', ''],
    ['bare durable / plain cp: the same fsynced but not checked', `${round(i.cpSeconds / i.bareDurableSeconds, 2)}`, '', ''],
    ['bare verified / bare durable: what proving the copy costs', `${round(i.bareDurableSeconds / i.bareVerifiedSeconds, 2)}`, '', ''],
    ['import / bare verified: what the plan, the log and the catalogue cost', `${round(i.bareVerifiedSeconds / i.importSeconds, 2)}`, '', ''],
    [`load average at the start of the ${i.rounds} rounds (best round of each kept)`, i.load.map((l) => round(l, 1)).join(', '), '', ''],
  ];
  const raw = i.rawCard;
  rows.push(
    [`a card of ${raw.files} RAW files (${round(raw.bytes / 1e6, 0)} MB): cp + sync / import, best of 3`, `${round(raw.cpSyncSeconds, 2)} s / ${round(raw.importSeconds, 2)} s (import CPU ${round(raw.importCpuSeconds, 2)} s), ${round(mbPerSecond(raw.bytes, raw.importSeconds), 1)} MB/s`, '', ''],
    ['RAW card: import / (cp + sync) throughput', `${round(raw.ratioVsCpSync, 2)}`, '≥ 0.8', verdict(raw.ratioVsCpSync, 0.8, true)],
  );
  if (i.searchable) {
    rows.push([`import to searchable, ${i.searchable.files} photos (copy, index, a search finds them)`, `${round(i.searchable.seconds, 1)} s (${i.searchable.indexed} indexed, ${i.searchable.found} found)`, '', '']);
  }
  return rows;
}

export function rowsTable(rows: readonly Row[]): string {
  return ['| figure | value | target | verdict |', '| --- | --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

type Row = [figure: string, value: string, target: string, verdict: string];

/** A search that waits longer than this for a rebuild to finish has not "kept answering". */
const REBUILD_SLOWEST_MS = 1000;

const verdict = (value: number, target: number, higherIsBetter: boolean): string =>
  (higherIsBetter ? value >= target : value <= target) ? 'met' : 'missed';

function searchRows(s: SearchFigures, label: string, p95Target: number): Row[] {
  return [
    [`search p50, ${label}`, `${round(s.p50Ms, 1)} ms`, '', ''],
    [`search p95, ${label}`, `${round(s.p95Ms, 1)} ms`, `≤ ${p95Target} ms`, verdict(s.p95Ms, p95Target, false)],
    [`recall@20, ${label}`, `${round(s.recall20, 3)}`, '≥ 0.97', verdict(s.recall20, 0.97, true)],
    [`search p50 / p95 with a date filter, ${label}`, `${round(s.p50MsFiltered, 1)} / ${round(s.p95MsFiltered, 1)} ms`, `≤ ${p95Target} ms`, verdict(s.p95MsFiltered, p95Target, false)],
    [`recall@20 with a date filter, ${label}`, `${round(s.recall20Filtered, 3)}`, '≥ 0.97', verdict(s.recall20Filtered, 0.97, true)],
    [`the ANN lookup alone (ids and distances), same run: p50 / p95, with a date filter p95, ${label}`, `${round(s.lookupP50Ms, 1)} / ${round(s.lookupP95Ms, 1)} ms, ${round(s.lookupP95MsFiltered, 1)} ms`, '', ''],
    [`search p95 / lookup p95, plain and with a date filter, ${label}`, `${round(s.p95Ms / s.lookupP95Ms, 2)}, ${round(s.p95MsFiltered / s.lookupP95MsFiltered, 2)}`, '', ''],
    [`opening the catalogue (every key into memory), ${label}`, `${round(s.openSeconds, 2)} s`, '', ''],
    [`vector index build, ${label}`, s.indexBuildSeconds === null ? 'n/a' : `${round(s.indexBuildSeconds, 1)} s${s.indexReused ? ' (an earlier run\'s build, reused)' : ''}`, '', ''],
    ...(s.duringRebuild
      ? [
          [
            `searches during a rebuild, ${label}`,
            `${s.duringRebuild.searches} answered, ${s.duringRebuild.failed} failed, p95 ${round(s.duringRebuild.p95Ms, 1)} ms, slowest ${round(s.duringRebuild.maxMs, 0)} ms`,
            `all answer, each ≤ ${REBUILD_SLOWEST_MS} ms`,
            s.duringRebuild.failed === 0 && s.duringRebuild.searches > 0 && s.duringRebuild.maxMs <= REBUILD_SLOWEST_MS ? 'met' : 'missed',
          ] as Row,
        ]
      : []),
  ];
}

const throughput = (t: Throughput, unit: string): string => `${round(t.perSecond, 1)} ${unit}/s, ${round(t.cpuMsPerItem, 0)} ms CPU each`;

export function indexRows(r: Pick<BenchResults, 'model' | 'decode' | 'e2e' | 'peer'>): Row[] {
  const rows: Row[] = [
    ['L: image tower fp32, batch 8', throughput(r.model.fp32, 'img'), '', ''],
    ['L: image tower int8, batch 8', throughput(r.model.int8, 'img'), '', ''],
    ['D: read + decode + preprocess + thumbnail, 3 in flight', throughput(r.decode, 'photos'), '', ''],
  ];
  for (const [label, model, e2e] of [['fp32', r.model.fp32, r.e2e.fp32], ['int8', r.model.int8, r.e2e.int8]] as const) {
    const limit = limitOf(model.perSecond, r.decode.perSecond);
    const ratio = e2e.perSecond / limit;
    rows.push(
      [`limit 1/(1/L+1/D), ${label}`, `${round(limit, 1)} photos/s`, '', ''],
      [
        `E: \`shoebox index\` in a new process, fresh library, ${label}, after start-up`,
        `${round(e2e.perSecond, 1)} photos/s, ${e2e.cpuMsPerPhoto === null ? '?' : round(e2e.cpuMsPerPhoto, 0)} ms CPU each (L + D: ${round(model.cpuMsPerItem + r.decode.cpuMsPerItem, 0)})`,
        '',
        '',
      ],
      [`start-up of that process (Node, modules, library, model load, first batch), ${label}`, `${round(e2e.startupSeconds, 1)} s (all ${e2e.photos} photos: ${round(e2e.wholeSeconds, 1)} s)`, '', ''],
      [`E / limit, ${label}`, `${round(ratio, 2)}`, '≥ 0.9', ratio >= 0.9 ? 'met' : 'missed'],
    );
  }
  const peerRatio = r.e2e.fp32.perSecond / r.peer.perSecond;
  const ceiling = limitOf(r.model.fp32.perSecond, r.decode.perSecond) / r.peer.perSecond;
  for (const v of r.peer.variants) rows.push([`peer: transformers.js ${r.peer.version} fp32, batch ${v.batch}, threads ${v.threads}, ${r.peer.photos} photos`, throughput(v, 'photos'), '', '']);
  rows.push(
    ['E / E_peer (fp32, against the peer\'s best setting)', `${round(peerRatio, 2)}`, `its ceiling limit / peer: ${round(ceiling, 2)}`, ''],
  );
  return rows;
}

/** The app's own search (core.search, text query through the text tower), after the first answer. */
function appSearchRows(f: FirstAnswerResult, label: string): Row[] {
  return [[`the app's search (core.search: text tower, 2,000 candidates ranked, a page of 50) p50 / p95, plain; with a date filter, ${label}`, `${round(f.appP50Ms, 1)} / ${round(f.appP95Ms, 1)} ms; ${round(f.appP50MsFiltered, 1)} / ${round(f.appP95MsFiltered, 1)} ms`, '', '']];
}

/** Every figure with its target and verdict, as a Markdown table for BENCHMARKS.md. */
export function markdownTable(r: BenchResults): string {
  const rows: Row[] = [
    ...indexRows(r),
    ...searchRows(r.search100k, '100k', 15),
    ...(r.search1m ? searchRows(r.search1m, '1M', 40) : []),
    ['text encoding fp32 / int8, one query', `${round(r.textEncodeMs.fp32, 1)} / ${round(r.textEncodeMs.int8, 1)} ms`, '', ''],
    [
      'multilingual text tower fp32 / int8, one query (WordPiece + DistilBERT-shaped + pooling + Dense)',
      `${round(r.multilingualText.fp32Ms, 1)} / ${round(r.multilingualText.int8Ms, 1)} ms`,
      '',
      '',
    ],
    [
      'first answer in a new process, 100k: open + text tower + search (process start before it)',
      `${round(r.firstAnswer.firstAnswerMs, 0)} ms: ${round(r.firstAnswer.openMs, 0)} + ${round(r.firstAnswer.searchMs, 0)} (${round(r.firstAnswer.startMs, 0)})`,
      '≤ 3000 ms',
      verdict(r.firstAnswer.firstAnswerMs, 3000, false),
    ],
    ...(r.e2e.fp32.peakRssMb === null ? [] : [['peak RSS indexing, fp32', `${round(r.e2e.fp32.peakRssMb, 0)} MB`, '≤ 1536 MB', verdict(r.e2e.fp32.peakRssMb, 1536, false)] as Row]),
    ['idle RSS, 100k library open', `${round(r.idle.rssMb, 0)} MB`, '≤ 400 MB', verdict(r.idle.rssMb, 400, false)],
    ...appSearchRows(r.firstAnswer, '100k'),
    ...(r.firstAnswer1m
      ? [
          [
            'first answer in a new process, 1M: open + text tower + search (process start before it)',
            `${round(r.firstAnswer1m.firstAnswerMs, 0)} ms: ${round(r.firstAnswer1m.openMs, 0)} + ${round(r.firstAnswer1m.searchMs, 0)} (${round(r.firstAnswer1m.startMs, 0)})`,
            '≤ 3000 ms',
            verdict(r.firstAnswer1m.firstAnswerMs, 3000, false),
          ] as Row,
          ...appSearchRows(r.firstAnswer1m, '1M'),
        ]
      : []),
    ...(r.idle1m ? [['idle RSS, 1M library open', `${round(r.idle1m.rssMb, 0)} MB`, '≤ 600 MB', verdict(r.idle1m.rssMb, 600, false)] as Row] : []),
    ...importRows(r.imports),
    ...mediaRows(r.media),
  ];
  return rowsTable(rows);
}

function cpuRow(m: MediaResults): string {
  const { raw, jpeg } = m.rawIndexing.cpuMsPerFile;
  const [rawMs, jpegMs] = [raw.node + raw.exiftool, jpeg.node + jpeg.exiftool];
  return `${round(jpegMs, 0)} / ${round(rawMs, 0)} ms = ${round(jpegMs / rawMs, 2)}`;
}

/**
 * The same CPU per file with the JPEG's content hash (measured alone on the same files) set aside: a RAW's is not
 * computed while it is indexed ([Note: full hash later]), so the two are compared without either.
 */
function cpuWithoutHashRow(m: MediaResults): string {
  const { raw, jpeg } = m.rawIndexing.cpuMsPerFile;
  const hash = m.rawIndexing.hashCpuMsPerFile;
  const [rawMs, jpegMs] = [raw.node + raw.exiftool, jpeg.node + jpeg.exiftool - hash.jpeg];
  return `${round(jpegMs, 0)} / ${round(rawMs, 0)} ms = ${round(jpegMs / rawMs, 2)} (the JPEG's hash: ${round(hash.jpeg, 1)} ms)`;
}

/** RAW against JPEG of the same pixels, video against ffmpeg alone, and the 200 MP photo's memory. */
export function mediaRows(m: MediaResults): Row[] {
  const rawRatio = m.raw.rawPerSecond / m.raw.jpegPerSecond;
  const indexRatio = m.rawIndexing.rawPerSecond / m.rawIndexing.jpegPerSecond;
  const videoRatio = m.video.ffmpegMs / m.video.pipelineMs;
  const perMinute = (ms: number): string => `${round(ms / (m.video.durationS / 60), 0)} ms`;
  return [
    [`24 MP RAW (DNG, full-size preview) / JPEG of the same pixels, indexing ${m.rawIndexing.files} files into a fresh library, fp32`, `${round(m.rawIndexing.rawPerSecond, 2)} / ${round(m.rawIndexing.jpegPerSecond, 2)} files/s = ${round(indexRatio, 2)}`, '≥ 0.85', indexRatio >= 0.85 ? 'met' : 'missed'],
    ['  the same, CPU per file (this process + ExifTool): JPEG / RAW', cpuRow(m), '', ''],
    ['  the same with the JPEG\'s content hash (SHA-256 of the whole file) set aside: JPEG / RAW', cpuWithoutHashRow(m), '', ''],
    ['  a RAW\'s content hash, computed after indexing (when needed, or when indexing is idle): CPU per file', `${round(m.rawIndexing.hashCpuMsPerFile.raw, 1)} ms`, '', ''],
    ['24 MP RAW / JPEG of the same pixels, decode path alone (prepare + EXIF)', `${round(m.raw.rawPerSecond, 2)} / ${round(m.raw.jpegPerSecond, 2)} files/s = ${round(rawRatio, 2)}`, '', ''],
    [`1080p video per minute: ffmpeg alone / Shoebox (${m.video.frames} moments)`, `${perMinute(m.video.ffmpegMs)} / ${perMinute(m.video.pipelineMs)} = ${round(videoRatio, 2)}`, '≥ 0.85', videoRatio >= 0.85 ? 'met' : 'missed'],
    ['peak RSS indexing a 200 MP JPEG, fp32', `${round(m.large.peakRssMb, 0)} MB`, '≤ 1536 MB', verdict(m.large.peakRssMb, 1536, false)],
  ];
}
