import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import type { Core } from '../../core/core.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { ProgressReporter } from '../progress-bar.js';
import { resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox tag add TAG PHOTO_ID|PATH...',
  'shoebox tag remove TAG PHOTO_ID|PATH...',
  'shoebox tag list [PHOTO_ID|PATH]',
  'shoebox tag export [PHOTO_ID|PATH...]   write tags and album names into XMP sidecars (every photo by default;\n         progress on stderr, Ctrl-C stops after the current photo and keeps what was written)',
  'shoebox tag export --undo               put the sidecars back as they were before the last export',
  'shoebox tag export --auto on|off        export every tag or album change as it happens (off by default)',
  '(each takes --json and --library DIR)',
].join('\n       ');

/** Free-form tags on photos; they follow a photo through moves, renames and model switches. */
export const tagCommand: Command = {
  summary: 'add, remove or list free-form tags',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, { booleans: ['json', 'undo'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', ...(sub === 'export' ? ['undo', 'auto'] : [])]);
    const json = boolFlag(args, 'json');
    return withCore(coreOptionsFrom(args), async (core) => {
      if (sub === 'export') return exportKeywords(core, io, args.positionals, { json, undo: boolFlag(args, 'undo'), auto: stringFlag(args, 'auto') });
      if (sub === 'list') {
        const ref = args.positionals[0];
        const tags = await core.listTags(ref === undefined ? {} : { photoId: await resolvePhoto(core, ref) });
        if (json) io.out(JSON.stringify(tags));
        else for (const t of tags) io.out(ref === undefined ? `${String(t.count).padStart(6)}  ${t.tag}` : t.tag);
        return EXIT.ok;
      }
      const [tag, ...photos] = args.positionals;
      if ((sub !== 'add' && sub !== 'remove') || tag === undefined || photos.length === 0) {
        throw new UsageError('say add or remove, a tag, and at least one photo');
      }
      const results = [];
      for (const ref of photos) {
        const photoId = await resolvePhoto(core, ref);
        results.push(sub === 'add' ? await core.addTag({ photoId, tag }) : await core.removeTag({ photoId, tag }));
      }
      if (json) io.out(JSON.stringify(results));
      else for (const r of results) io.out(`${r.photoId}: ${r.tags.join(', ') || '(no tags)'}`);
      return EXIT.ok;
    });
  },
};

/** `shoebox tag export`: see [Note: keywords written to sidecars]. */
async function exportKeywords(core: Core, io: CliIo, refs: string[], options: { json: boolean; undo: boolean; auto: string | undefined }): Promise<number> {
  const print = (value: unknown, line: string): void => io.out(options.json ? JSON.stringify(value) : line);
  if (options.auto !== undefined) {
    if (options.auto !== 'on' && options.auto !== 'off') throw new UsageError('--auto takes on or off');
    const setting = await core.setKeywordExport({ auto: options.auto === 'on' });
    print(setting, `automatic keyword export is ${setting.auto ? 'on' : 'off'}`);
    return EXIT.ok;
  }
  if (options.undo) {
    const undone = await core.undoKeywordExport({});
    if (!options.json && undone.exportId === null) io.out('no keyword export to undo');
    else print(undone, `export ${undone.exportId ?? ''} undone: ${undone.restored} sidecars restored, ${undone.removed} removed, ${undone.kept.length} kept`);
    for (const k of options.json ? [] : undone.kept) io.err(`kept ${k.path}: ${k.message}`);
    return undone.kept.length === 0 ? EXIT.ok : EXIT.fatal;
  }
  const photoIds = refs.length === 0 ? undefined : await Promise.all(refs.map((ref) => resolvePhoto(core, ref)));
  const reporter = new ProgressReporter(io.stderr);
  // an export over in a moment says nothing until its summary; a long one shows its progress after a second
  const quietUntil = Date.now() + 1000;
  let shown = false;
  const off = core.on('keywordExportProgress', (p) => {
    if (!shown && (p.finished || Date.now() < quietUntil)) return;
    shown = true;
    // counted in photos; the sidecars that failed are listed once it ends
    reporter.update({ state: 'running', queued: p.total - p.done, done: p.done, failed: 0, total: p.total, rate: p.rate, etaSeconds: p.etaSeconds }, 'writing keywords');
  });
  // Ctrl-C stops after the photo being written: what was written stays, logged, and `--undo` takes it back
  const cancel = (): void => void core.cancelKeywordExport({});
  process.once('SIGINT', cancel);
  let report: Awaited<ReturnType<Core['exportKeywords']>>;
  try {
    report = await core.exportKeywords(photoIds === undefined ? {} : { photoIds });
  } finally {
    process.off('SIGINT', cancel);
    off();
    reporter.end();
  }
  const stopped = report.cancelled === true ? ' (stopped before the end; undo with --undo)' : '';
  print(report, `${report.photos} photos: ${report.written} sidecars updated, ${report.created} created, ${report.unchanged} unchanged, ${report.failed.length} failed${stopped}`);
  for (const f of options.json ? [] : report.failed) io.err(`${f.code} ${f.path}: ${f.message}`);
  return report.failed.length === 0 ? EXIT.ok : EXIT.fatal;
}
