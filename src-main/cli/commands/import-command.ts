import type { ImportPlan, ImportRecord, UndoImportReport } from '../../contract/imports.js';
import type { Core } from '../../core/core.js';
import { formatBytes } from '../../core/model/download/disk-space.js';
import { boolFlag, intFlag, parseArgs, rejectUnknown, stringFlag, UsageError, type ParsedArgs } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { ProgressReporter } from '../progress-bar.js';

const USAGE = [
  'shoebox import SOURCE... [--to DIR] [--pattern P] [--dry-run] [--erase-source] [--json]',
  'shoebox import list [--limit N] [--json]',
  'shoebox import undo [ID] [--json]',
  'shoebox import folders add|remove|list [DIR]',
  '(the pattern names folders from the taken date: {yyyy} {mm} {dd} {hh}; default {yyyy}/{yyyy}-{mm}-{dd})',
].join('\n       ');

const FLAGS = ['json', 'dry-run', 'erase-source', 'to', 'pattern', 'limit'];

const count = (n: number, what: string, plural = `${what}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? what : plural}`;

export function describePlan(plan: ImportPlan): string {
  const videos = plan.videos > 0 ? ` and ${count(plan.videos, 'video')}` : '';
  const twins = plan.duplicatesInSource > 0 ? `; ${count(plan.duplicatesInSource, 'file')} repeated on the source, imported once` : '';
  return `${plan.sources.join(', ')}: ${count(plan.photos, 'new photo')}${videos} (${formatBytes(plan.bytes)}; ${count(plan.alreadyInLibrary, 'file')} already in your library${twins})`;
}

function printPlan(plan: ImportPlan, io: CliIo): void {
  io.out(describePlan(plan));
  for (const c of plan.candidates) io.out(`  would copy ${c.path} -> ${plan.destination}/${c.target}`);
  for (const s of plan.skipped) io.out(`  skipped: ${s.message} [${s.code}]`);
}

function printRecord(record: ImportRecord, io: CliIo): void {
  if (record.copied === 0 && record.state === 'done') {
    io.out(`nothing new on ${record.sources.join(', ')}: ${count(record.alreadyInLibrary, 'file')} already in your library`);
    for (const f of record.failed) io.out(`  not imported: ${f.message} [${f.code}]`);
    return;
  }
  const failed = record.failed.length > 0 ? `, ${record.failed.length} not imported` : '';
  io.out(`import ${record.id} ${record.state}: ${count(record.copied, 'file')} copied to ${record.destination} (${formatBytes(record.bytes)}), ${record.indexed} indexed, ${record.alreadyInLibrary} already in your library${failed}`);
  for (const line of record.filing) {
    io.out(line.albumName === null ? `  ${line.count} stayed in ${line.folder ?? '.'}` : `  ${line.count} → ${line.albumName} (${line.mode} to ${line.folder ?? '?'})`);
  }
  if (record.erasedFromSource > 0) io.out(`  ${count(record.erasedFromSource, 'file')} erased from the source after their copies were verified`);
  for (const f of record.failed) io.out(`  not imported: ${f.message} [${f.code}]`);
  if (record.message) io.out(`  ${record.message}`);
  if (record.state === 'cancelled') io.out('  cancelled: what was copied stays (undo removes it); the rest is still on the source, and importing it again copies only what is missing');
  if (record.copied > 0 && record.state !== 'undone') io.out(`undo with: shoebox import undo ${record.id}`);
}

function printUndo(report: UndoImportReport, io: CliIo): void {
  io.out(`import ${report.importId} undone: ${count(report.removed, 'copy', 'copies')} removed, ${report.movedBack} moved back, ${report.kept.length} kept`);
  for (const k of report.kept) io.out(`  kept: ${k.message}`);
}

async function runImport(core: Core, args: ParsedArgs, io: CliIo): Promise<unknown> {
  const sources = args.positionals;
  if (sources.length === 0) throw new UsageError('name what to import: a card, a phone or a folder');
  const to = stringFlag(args, 'to');
  const pattern = stringFlag(args, 'pattern');
  const target = { sources, ...(to === undefined ? {} : { to }), ...(pattern === undefined ? {} : { pattern }) };
  if (boolFlag(args, 'dry-run')) return core.planImport(target);
  const reporter = new ProgressReporter(io.stderr);
  const off = core.on('importProgress', (p) => {
    if (p.phase !== 'copying') return;
    const label = `importing ${p.done + p.failed}/${p.total} files${p.paused ? ' (paused)' : ''}`;
    reporter.updateBytes(label, { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, ratePerSec: p.rate, etaSeconds: p.etaSeconds }, p.done + p.failed === p.total);
  });
  // Ctrl-C cancels between two files: what was copied stays (and can be undone), nothing is left half-copied.
  const cancel = (): void => void core.cancelImport({});
  process.once('SIGINT', cancel);
  try {
    return await core.startImport({ ...target, eraseSource: boolFlag(args, 'erase-source') });
  } finally {
    process.off('SIGINT', cancel);
    off();
    reporter.end();
  }
}

async function folders(core: Core, args: ParsedArgs): Promise<string[]> {
  const [action, folder] = args.positionals.slice(1);
  if (action === 'list' || action === undefined) return core.listImportFolders({});
  if (folder === undefined) throw new UsageError(`name the folder: shoebox import folders ${action} DIR`);
  if (action === 'add') return core.addImportFolder({ path: folder });
  if (action === 'remove') return core.removeImportFolder({ path: folder });
  throw new UsageError('import folders: add, remove or list');
}

export const importCommand: Command = {
  summary: 'import from a camera card, a phone or a folder; list and undo imports',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json', 'dry-run', 'erase-source'] });
    rejectUnknown(args, [...CORE_FLAGS, ...FLAGS]);
    const sub = args.positionals[0];
    return withCore(coreOptionsFrom(args), async (core) => {
      let result: unknown;
      if (sub === 'list') result = await core.listImports({ limit: intFlag(args, 'limit', 50) });
      else if (sub === 'undo') result = await core.undoImport(args.positionals[1] === undefined ? {} : { importId: args.positionals[1] });
      else if (sub === 'folders') result = await folders(core, args);
      else result = await runImport(core, args, io);
      if (boolFlag(args, 'json')) io.out(JSON.stringify(result));
      else if (sub === 'list') for (const r of result as ImportRecord[]) printRecord(r, io);
      else if (sub === 'undo') printUndo(result as UndoImportReport, io);
      else if (sub === 'folders') for (const f of result as string[]) io.out(f);
      else if (boolFlag(args, 'dry-run')) printPlan(result as ImportPlan, io);
      else printRecord(result as ImportRecord, io);
      return EXIT.ok;
    });
  },
};
