import type { Album, AlbumPage, AlbumPreview, MirrorMode, MirrorReport } from '../../contract/albums.js';
import type { Core } from '../../core/core.js';
import { boolFlag, intFlag, parseArgs, rejectUnknown, stringFlag, UsageError, type ParsedArgs } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { cancelOnInterrupt } from '../interrupt.js';
import { ProgressReporter } from '../progress-bar.js';
import { filtersFrom, listFlag, numberFlag, resolveAlbum, resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox album create NAME --prompt "..." [--prompt ...] [--negative "..."] [--threshold X] [--folder F] [--from DATE] [--to DATE]',
  'shoebox album list',
  'shoebox album show ID|NAME [--limit N]',
  'shoebox album set ID|NAME [--name N] [--prompt ...] [--negative ...] [--threshold X] [--folder F] [--from DATE] [--to DATE]',
  '                 [--file-to DIR --mode copy|link|move]   (a filing rule: new imports that belong go there)',
  'shoebox album delete ID|NAME',
  'shoebox album preview --prompt "..." [--negative ...] [--folder F]',
  'shoebox album mirror ID|NAME --to DIR --mode copy|link|move [--dry-run]',
  'shoebox album undo-mirror ID|NAME',
  'shoebox album zero-shot PHOTO_ID|PATH',
  '(every subcommand takes --json and --library DIR)',
].join('\n       ');

const FLAGS = ['json', 'dry-run', 'prompt', 'negative', 'threshold', 'folder', 'from', 'to', 'name', 'limit', 'mode', 'file-to'];

type Handler = (core: Core, args: ParsedArgs, io: CliIo) => Promise<unknown>;

function describe(album: Album): string {
  const probe = album.probe ? `, probe from ${album.probe.positives}+/${album.probe.negatives}-` : '';
  const mirror = album.mirror ? `, ${album.mirror.fileImports === true ? 'files imports' : 'mirrors'} by ${album.mirror.mode} to ${album.mirror.folder}` : '';
  const negatives = album.negativePrompts.length > 0 ? ` minus ${album.negativePrompts.map((p) => `"${p}"`).join(', ')}` : '';
  return `${album.id}  ${album.name}: ${album.memberCount} photos, threshold ${album.threshold.toFixed(3)}, ${album.prompts.map((p) => `"${p}"`).join(' or ')}${negatives}${probe}${mirror}`;
}

function printPage(page: AlbumPage, io: CliIo): void {
  io.out(describe(page.album));
  for (const p of page.photos) io.out(`  ${(p.score ?? Number.NaN).toFixed(3)}  ${p.probability.toFixed(2)}  ${p.by.padEnd(6)} ${p.path}`);
  if (page.suggestions.length > 0) io.out('near the threshold (include or exclude them to teach the album):');
  for (const p of page.suggestions) io.out(`  ${(p.score ?? Number.NaN).toFixed(3)}  ${p.probability.toFixed(2)}  ${p.id}  ${p.path}`);
}

function printPreview(preview: AlbumPreview, io: CliIo): void {
  const most = Math.max(1, ...preview.bins.map((b) => b.count));
  for (const [i, bin] of preview.bins.entries()) {
    const above = preview.thresholds[i]?.count ?? 0;
    io.out(`${bin.from.toFixed(3)} ${'#'.repeat(Math.ceil((bin.count / most) * 40)).padEnd(40)} ${String(bin.count).padStart(6)}  (${above} at or above)`);
  }
  io.out(`suggested threshold: ${preview.suggestedThreshold.toFixed(3)} of ${preview.total} photos`);
}

function printMirror(report: MirrorReport, io: CliIo): void {
  if (report.dryRun) for (const p of report.planned) io.out(`would ${report.mode} ${p.from} -> ${p.to}`);
  else io.out(`${report.mode}: ${report.done} done, ${report.skipped} already there, ${report.failed.length} failed${report.cancelled ? '; cancelled, the rest was not started' : ''}`);
  for (const f of report.failed) io.out(`  failed: ${f.path}: ${f.message}`);
  if (!report.dryRun && report.done > 0 && report.cancelled) io.out(`undo with: shoebox album undo-mirror ${report.albumId}`);
}

function modeFlag(args: ParsedArgs): MirrorMode {
  const mode = stringFlag(args, 'mode') ?? 'copy';
  if (mode !== 'copy' && mode !== 'link' && mode !== 'move') throw new UsageError('--mode is copy, link or move');
  return mode;
}

function prompts(args: ParsedArgs, required: boolean): string[] | undefined {
  const list = listFlag(args, 'prompt');
  if (required && (list === undefined || list.length === 0)) throw new UsageError('give at least one --prompt "..."');
  return list;
}

const HANDLERS: Record<string, Handler> = {
  async create(core, args) {
    const name = args.positionals.join(' ').trim();
    if (name === '') throw new UsageError('name the album: shoebox album create NAME --prompt "..."');
    const threshold = numberFlag(args, 'threshold');
    return core.createAlbum({
      name,
      prompts: prompts(args, true) ?? [],
      negativePrompts: listFlag(args, 'negative') ?? [],
      filters: filtersFrom(args) ?? {},
      ...(threshold === undefined ? {} : { threshold }),
    });
  },
  list: (core) => core.listAlbums({}),
  async show(core, args) {
    const album = await resolveAlbum(core, args.positionals[0]);
    return core.albumPhotos({ albumId: album.id, limit: intFlag(args, 'limit', 50) });
  },
  async set(core, args) {
    const album = await resolveAlbum(core, args.positionals[0]);
    const [name, threshold, filters] = [stringFlag(args, 'name'), numberFlag(args, 'threshold'), filtersFrom(args)];
    const [newPrompts, negatives] = [prompts(args, false), listFlag(args, 'negative')];
    const fileTo = stringFlag(args, 'file-to');
    if (fileTo !== undefined) await core.setAlbumMirror({ albumId: album.id, folder: fileTo, mode: modeFlag(args), fileImports: true });
    return core.updateAlbum({
      albumId: album.id,
      ...(name === undefined ? {} : { name }),
      ...(threshold === undefined ? {} : { threshold }),
      ...(filters === undefined ? {} : { filters }),
      ...(newPrompts === undefined ? {} : { prompts: newPrompts }),
      ...(negatives === undefined ? {} : { negativePrompts: negatives }),
    });
  },
  async delete(core, args) {
    const album = await resolveAlbum(core, args.positionals[0]);
    await core.deleteAlbum({ albumId: album.id });
    return { deleted: album.id };
  },
  preview: (core, args) =>
    core.previewAlbum({ prompts: prompts(args, true) ?? [], negativePrompts: listFlag(args, 'negative') ?? [], filters: filtersFrom(args) ?? {} }),
  async mirror(core, args, io) {
    const album = await resolveAlbum(core, args.positionals[0]);
    const folder = stringFlag(args, 'to');
    if (folder === undefined) throw new UsageError('say where to: --to DIR');
    await core.setAlbumMirror({ albumId: album.id, folder, mode: modeFlag(args) });
    const dryRun = boolFlag(args, 'dry-run');
    if (dryRun) return core.applyAlbumMirror({ albumId: album.id, dryRun });
    // Ctrl-C stops between two files: what was done stays (undo-mirror takes it back), no partial copy is left
    const reporter = new ProgressReporter(io.stderr);
    const started = performance.now();
    const off = core.on('albumMirrorProgress', (p) => {
      if (p.albumId !== album.id) return;
      const rate = p.done / Math.max(0.001, (performance.now() - started) / 1000);
      reporter.update({ state: 'running', queued: p.total - p.done, done: p.done, failed: 0, total: p.total, rate, etaSeconds: (p.total - p.done) / rate }, 'mirroring');
    });
    try {
      return await cancelOnInterrupt(() => core.cancelAlbumMirror({ albumId: album.id }), () => core.applyAlbumMirror({ albumId: album.id, dryRun }));
    } finally {
      off();
      reporter.end();
    }
  },
  async 'undo-mirror'(core, args) {
    const album = await resolveAlbum(core, args.positionals[0]);
    return core.undoMirror({ albumId: album.id });
  },
  async 'zero-shot'(core, args) {
    const ref = args.positionals[0];
    if (ref === undefined) throw new UsageError('name a photo (id or path)');
    return core.zeroShot({ photoId: await resolvePhoto(core, ref) });
  },
};

function printResult(sub: string, result: unknown, io: CliIo): void {
  if (sub === 'list') for (const album of result as Album[]) io.out(describe(album));
  else if (sub === 'show') printPage(result as AlbumPage, io);
  else if (sub === 'preview') printPreview(result as AlbumPreview, io);
  else if (sub === 'mirror') printMirror(result as MirrorReport, io);
  else if (sub === 'create' || sub === 'set') io.out(describe(result as Album));
  else io.out(JSON.stringify(result, null, 2));
}

export const albumCommand: Command = {
  summary: 'smart albums: create, list, show, set, delete, preview, mirror into a folder',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const handler = sub === undefined ? undefined : HANDLERS[sub];
    if (sub === undefined || handler === undefined) throw new UsageError(`say what to do: ${Object.keys(HANDLERS).join(', ')}`);
    const args = parseArgs(rest, { booleans: ['json', 'dry-run'], lists: ['prompt', 'negative'] });
    rejectUnknown(args, [...CORE_FLAGS, ...FLAGS]);
    return withCore(coreOptionsFrom(args), async (core) => {
      const result = await handler(core, args, io);
      if (boolFlag(args, 'json')) io.out(JSON.stringify(result));
      else printResult(sub, result, io);
      return EXIT.ok;
    });
  },
};
