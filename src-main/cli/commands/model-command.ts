import path from 'node:path';
import { TEXT_TOWER_CHOICES, type ModelDownloadEvent, type ModelInfo, type ModelSwitchEvent, type TextTowerChoice } from '../../contract/models.js';
import type { Core } from '../../core/core.js';
import { formatBytes } from '../../core/model/download/disk-space.js';
import { boolFlag, intFlag, parseArgs, rejectUnknown, stringFlag, UsageError, type ParsedArgs } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { ProgressReporter } from '../progress-bar.js';

const USAGE = [
  'shoebox model list [--json]',
  'shoebox model download ID [--variant NAME]',
  'shoebox model import PATH [--id ID]',
  'shoebox model use ID|DIR [--provider auto|cpu|cuda|dml|coreml|webgpu] [--threads N] [--no-wait]',
  'shoebox model remove ID',
  'shoebox model text-tower [auto|clip|multilingual] [--json]',
].join('\n       ');

function one(args: ParsedArgs, what: string): string {
  const [value, ...extra] = args.positionals;
  if (value === undefined || extra.length > 0) throw new UsageError(`name one ${what}`);
  return value;
}

function describeModel(m: ModelInfo): string {
  const marks = [m.serving ? 'serving' : '', m.active && !m.serving ? 'chosen' : '', m.downloading ? 'downloading' : '']
    .filter((s) => s !== '')
    .join(', ');
  const installed =
    m.installed === null ? 'not installed' : m.installed.status === 'ready' ? `installed (${m.installed.variant ?? 'folder'})` : `broken: ${m.installed.problem ?? ''}`;
  const size = m.variants.find((v) => v.default)?.sizeBytes ?? 0;
  const top1 = m.imagenetTop1 === null ? '' : `, ImageNet ${m.imagenetTop1}%`;
  return `${m.id.padEnd(24)} ${m.displayName} (${formatBytes(size)}${top1}) ${installed}${marks === '' ? '' : ` [${marks}]`}`;
}

/** Resolves with the download's last event; Ctrl-C cancels it (the partial files stay for a resume). */
function awaitDownload(core: Core, id: string, io: CliIo): { ended: Promise<ModelDownloadEvent>; stop: () => void } {
  const reporter = new ProgressReporter(io.stderr);
  let finish: (event: ModelDownloadEvent) => void = () => undefined;
  const ended = new Promise<ModelDownloadEvent>((resolve) => (finish = resolve));
  const off = core.on('modelDownload', (event) => {
    if (event.id !== id) return;
    const final = event.state !== 'running';
    reporter.updateBytes(`${id}${event.file === '' ? '' : ` ${event.file}`}`, event, final);
    if (final) finish(event);
  });
  const onInterrupt = (): void => void core.cancelModelDownload({ id });
  process.once('SIGINT', onInterrupt);
  return {
    ended,
    stop: () => {
      off();
      process.off('SIGINT', onInterrupt);
      reporter.end();
    },
  };
}

async function download(core: Core, args: ParsedArgs, io: CliIo): Promise<number> {
  const id = one(args, 'model id (see shoebox model list)');
  const variant = stringFlag(args, 'variant');
  const follow = awaitDownload(core, id, io);
  const last = await core
    .downloadModel(variant === undefined ? { id } : { id, variant })
    .then(() => follow.ended)
    .finally(follow.stop);
  for (const notice of last.notices ?? []) io.err(`note: ${notice}`);
  if (last.state !== 'done') {
    io.err(`shoebox: download of ${id} ${last.state}: ${last.error?.message ?? ''} [${last.error?.code ?? last.state}]`);
    return EXIT.fatal;
  }
  io.out(`installed ${id}`);
  const status = await core.modelStatus({});
  if (status.settings.model === null) {
    await core.useModel({ id });
    io.out(`the library now uses ${id}`);
  }
  return EXIT.ok;
}

/** Shows the re-embedding after a switch and tells when the switch to a model has ended. */
function followSwitch(core: Core, io: CliIo): { ended: (to: string) => Promise<ModelSwitchEvent>; stop: () => void } {
  const reporter = new ProgressReporter(io.stderr);
  const ended = new Map<string, ModelSwitchEvent>();
  const waiting = new Map<string, (event: ModelSwitchEvent) => void>();
  const off = core.on('modelSwitch', (e) => {
    if (e.state === 'running') {
      if (e.total === 0) return;
      const queued = Math.max(0, e.total - e.done);
      reporter.update({ state: 'running', queued, done: e.done, failed: 0, total: e.total, rate: 0, etaSeconds: null }, `embedding again with ${e.to}`);
      return;
    }
    ended.set(e.to, e);
    waiting.get(e.to)?.(e);
  });
  return {
    ended: (to) => {
      const known = ended.get(to);
      return known ? Promise.resolve(known) : new Promise((resolve) => waiting.set(to, resolve));
    },
    stop: () => {
      off();
      reporter.end();
    },
  };
}

async function use(core: Core, args: ParsedArgs, io: CliIo): Promise<number> {
  const target = one(args, 'installed model id or model folder');
  const isFolder = target.includes('/') || target.includes(path.sep);
  const input = {
    ...(isFolder ? { dir: path.resolve(target) } : { id: target }),
    ...(args.flags.has('provider') ? { provider: stringFlag(args, 'provider') ?? 'auto' } : {}),
    ...(args.flags.has('threads') ? { threads: intFlag(args, 'threads', 1) } : {}),
  };
  const follow = followSwitch(core, io);
  try {
    const status = await core.useModel(input);
    if (status.switching !== null && !boolFlag(args, 'no-wait')) {
      const last = await follow.ended(status.switching.to);
      follow.stop();
      if (last.state !== 'done') {
        io.err(`shoebox: switching to ${last.to} ${last.state}: ${last.error?.message ?? ''}`);
        return EXIT.fatal;
      }
    }
  } finally {
    follow.stop();
  }
  const now = await core.modelStatus({});
  io.out(`model: ${now.serving?.id ?? 'none'} (${now.serving?.provider ?? '-'}, threads: ${now.settings.threads ?? 'default'})`);
  return EXIT.ok;
}

/**
 * Shows or sets which text tower reads queries: auto (the multilingual one for queries that are not
 * English, when it is installed), clip (CLIP's own, always) or multilingual (always, when installed).
 */
async function textTower(core: Core, args: ParsedArgs, io: CliIo): Promise<number> {
  const [choice, ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError('name one text tower: auto, clip or multilingual');
  if (choice !== undefined && !(TEXT_TOWER_CHOICES as readonly string[]).includes(choice))
    throw new UsageError(`text tower "${choice}" is not one of auto, clip, multilingual`);
  const status = choice === undefined ? await core.modelStatus({}) : await core.setTextTower({ tower: choice as TextTowerChoice });
  if (boolFlag(args, 'json')) io.out(JSON.stringify({ textTower: status.settings.textTower, multilingual: status.multilingual }));
  else {
    io.out(`text tower: ${status.settings.textTower}`);
    io.out(`multilingual add-on: ${status.multilingual ?? 'not installed (shoebox model download clip-multilingual-b32)'}`);
  }
  return EXIT.ok;
}

export const modelCommand: Command = {
  summary: 'list, download, import, choose and remove models',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, { booleans: ['json', 'no-wait'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'variant', 'id', 'no-wait']);
    // `model use` persists --provider and --threads; the core itself runs with the library's settings.
    const options = coreOptionsFrom(args);
    if (sub === 'use') {
      delete options.provider;
      delete options.threads;
    }
    return withCore(options, async (core) => {
      if (sub === 'list') {
        const models = await core.listModels({});
        if (boolFlag(args, 'json')) io.out(JSON.stringify(models));
        else for (const m of models) io.out(describeModel(m));
        return EXIT.ok;
      }
      if (sub === 'download') return download(core, args, io);
      if (sub === 'use') return use(core, args, io);
      if (sub === 'import') {
        const id = stringFlag(args, 'id');
        const model = await core.importModel({ path: path.resolve(one(args, 'folder or .zip')), ...(id === undefined ? {} : { id }) });
        io.out(`imported ${model.id} (${model.installed?.dir ?? ''}); use it with: shoebox model use ${model.id}`);
        return EXIT.ok;
      }
      if (sub === 'text-tower') return textTower(core, args, io);
      if (sub === 'remove') {
        const id = one(args, 'model id');
        await core.removeModel({ id });
        io.out(`removed ${id}`);
        return EXIT.ok;
      }
      throw new UsageError('model takes list, download, import, use, remove or text-tower');
    });
  },
};
