import type { Core } from '../../core/core.js';
import type { IndexSummary } from '../../contract/library.js';
import { boolFlag, parseArgs, rejectUnknown, UsageError } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { ProgressReporter } from '../progress-bar.js';
import { isRemoteCore } from '../remote-core.js';
import { startServer, type RunningServer } from '../../server/start-server.js';

function printSummary(summary: IndexSummary, io: CliIo): void {
  io.out(
    `indexed ${summary.indexed}, unchanged ${summary.unchanged}, moved ${summary.moved}, copies adopted ${summary.copied}, removed ${summary.removed}, failed ${summary.failed.length}`,
  );
  for (const f of summary.failed) io.out(`  failed: ${f.path} [${f.code}] ${f.message}`);
}

async function addFolders(core: Core, folders: string[]): Promise<void> {
  for (const folder of folders) await core.addRoot({ path: folder });
}

function followProgress(core: Core, io: CliIo, quiet: boolean): () => void {
  if (quiet) return () => undefined;
  const reporter = new ProgressReporter(io.stderr);
  const off = core.on('indexProgress', (p) => reporter.update(p));
  return () => {
    off();
    reporter.end();
  };
}

export const indexCommand: Command = {
  summary: 'scan folders, embed new and changed photos, exit',
  usage: 'shoebox index <folder…> [--library DIR] [--model DIR] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json']);
    if (args.positionals.length === 0) throw new UsageError('name at least one folder to index');
    const json = boolFlag(args, 'json');
    return withCore(coreOptionsFrom(args), async (core) => {
      await addFolders(core, args.positionals);
      const stop = followProgress(core, io, json);
      const summary = await core.rescan({}).finally(stop);
      if (json) io.out(JSON.stringify(summary));
      else printSummary(summary, io);
      return EXIT.ok;
    });
  },
};

/**
 * A watching process owns the library for long: it serves the API on loopback (no page, no page token in
 * use) so other commands work through it rather than wait. See [Note: one writer per library].
 */
async function serveOwnLibrary(core: Core): Promise<RunningServer | null> {
  if (isRemoteCore(core)) return null;
  const server = await startServer({ core, host: '127.0.0.1', port: 0 });
  await core.announce({ url: `http://127.0.0.1:${server.port}`, token: server.localToken });
  return server;
}

export const watchCommand: Command = {
  summary: 'index folders, then keep watching them until Ctrl-C',
  usage: 'shoebox watch <folder…> [--library DIR] [--model DIR]',
  async run(argv, io) {
    const args = parseArgs(argv);
    rejectUnknown(args, CORE_FLAGS);
    if (args.positionals.length === 0) throw new UsageError('name at least one folder to watch');
    return withCore(coreOptionsFrom(args, { watch: true }), async (core) => {
      const server = await serveOwnLibrary(core);
      await addFolders(core, args.positionals);
      const stop = followProgress(core, io, false);
      core.on('photoIndexed', (p) => io.err(`indexed ${p.path}`));
      core.on('photoRemoved', (p) => io.err(`removed ${p.path}`));
      core.on('photoFailed', (p) => io.err(`failed ${p.path} [${p.code}] ${p.message}`));
      io.err('watching; press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      stop();
      io.err('stopping: finishing writes…');
      await server?.close();
      return EXIT.ok;
    });
  },
};
