import type { Diagnosis, ProviderReport } from '../../contract/models.js';
import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';

function describeTower(name: string, tower: ProviderReport | null): string {
  if (tower === null) return `${name} tower: not loaded`;
  const fallbacks = tower.tried.map((t) => `${t.name} skipped: ${t.error}`);
  return `${name} tower: ${tower.provider}${fallbacks.length > 0 ? ` (${fallbacks.join('; ')})` : ''}`;
}

function printDiagnosis(d: Diagnosis, io: CliIo): void {
  io.out(`os: ${d.os.platform} ${d.os.release} (${d.os.arch})`);
  io.out(`cpu: ${d.cpu.model} (${d.cpu.logicalCores} logical cores)`);
  io.out(`node: ${d.node}, onnxruntime-node ${d.onnxruntime}`);
  io.out(`providers in this build: ${d.backends.map((b) => `${b.name}${b.bundled ? '' : ' (not bundled)'}`).join(', ')}`);
  io.out(`provider asked for: ${d.providerChoice}; threads: ${d.threads}`);
  if (d.model === null) {
    io.out('model: none; download one with `shoebox model download clip-vit-b32` or pass --model DIR');
    return;
  }
  io.out(describeTower('image', d.towers.image));
  io.out(describeTower('text', d.towers.text));
  io.out(`model: ${d.model.id} (${d.model.variant ?? 'folder'}, ${d.model.embeddingSize}-d) in ${d.model.dir}`);
  const t = d.throughput;
  if (t !== null) {
    io.out(
      `throughput: ${t.imagesPerSec.toFixed(1)} images/s (batch ${t.batch}, ${t.images} synthetic images in ${t.seconds.toFixed(1)} s); text query ${t.textQueryMs.toFixed(1)} ms`,
    );
  }
}

export const doctorCommand: Command = {
  summary: 'the machine, execution providers, model and a measured speed',
  usage: 'shoebox doctor [--json] [--seconds N] [--provider P] [--threads N] [--model DIR] [--library DIR]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'seconds']);
    const raw = stringFlag(args, 'seconds');
    const seconds = raw === undefined ? 2 : Number(raw);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 30) throw new UsageError('--seconds takes 0 to 30');
    return withCore(coreOptionsFrom(args), async (core) => {
      const diagnosis = await core.diagnose({ seconds });
      if (boolFlag(args, 'json')) io.out(JSON.stringify(diagnosis));
      else printDiagnosis(diagnosis, io);
      return EXIT.ok;
    });
  },
};
