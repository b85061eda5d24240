import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadModelRegistry } from '../../src-main/core/model/model-registry.js';
import { loadSentenceTower } from '../../src-main/core/model/sentence-tower.js';
import { importSentenceTower } from '../../src-main/core/model/text-tower-import.js';
import { buildDistilBertText } from '../fixtures/onnx/distilbert-graphs.js';
import { writeModelFile } from '../fixtures/onnx/onnx-file-writer.js';
import { writeTinyMultilingualModel } from '../fixtures/tiny-multilingual.js';
import { CACHE_DIR, median, progress } from './bench-env.js';

/**
 * Text-query latency of the multilingual tower the way search pays it on a miss of the text cache:
 * WordPiece tokenizing, the DistilBERT-shaped transformer (fp32, and int8 as onnxruntime's dynamic
 * quantisation writes it), masked mean pooling and the 768→512 Dense projection, through the app's own
 * loader (loadSentenceTower) from a folder installed by the app's import.
 */
const BUILD_VERSION = 1;
const SEED = 0x5e47;

/** Chinese, Japanese, German and English queries of everyday length. */
const QUERIES = [
  '海边的狗',
  '奶奶在花园里',
  '停在街上的红色汽车',
  '婚礼上跳舞的人们',
  '海上的日落',
  '睡在沙发上的猫',
  '公园里踢足球的孩子们',
  '一碗拉面',
  '夜晚的埃菲尔铁塔',
  '雪山下的湖',
  '浜辺の犬',
  'Hund am Strand',
  'a dog on the beach',
  '生日蛋糕和蜡烛',
  '下雨天的城市街道',
];

/** The shaped tower in the hub's layout (tokenizer, pooling, Dense from the tiny fixture), installed under `models`. */
async function ensureInstalled(variant: 'fp32' | 'int8'): Promise<string> {
  const root = path.join(CACHE_DIR, `multilingual-shaped-v${BUILD_VERSION}-${variant}`);
  const installed = path.join(root, 'models', 'clip-multilingual-b32');
  if (
    await stat(path.join(installed, 'shoebox-model.json')).then(
      () => true,
      () => false,
    )
  )
    return installed;
  await rm(root, { recursive: true, force: true });
  const hub = path.join(root, 'hub');
  const tiny = await writeTinyMultilingualModel(hub);
  const started = performance.now();
  const built = buildDistilBertText({
    seed: SEED,
    quantized: variant === 'int8',
    vocab: Object.keys(tiny.vocab).length,
  });
  await writeModelFile(built.model, path.join(hub, 'onnx', 'model.onnx'));
  progress(
    `built the DistilBERT-shaped ${variant} tower: ${(built.parameters / 1e6).toFixed(1)} M parameters in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await mkdir(path.join(root, 'models'), { recursive: true });
  return (
    await importSentenceTower(hub, path.join(root, 'models'), await loadModelRegistry(), 'clip-multilingual-b32')
  ).dir;
}

export interface MultilingualTextResult {
  fp32Ms: number;
  int8Ms: number;
  queries: number;
}

async function measure(variant: 'fp32' | 'int8'): Promise<number> {
  const tower = await loadSentenceTower(await ensureInstalled(variant));
  try {
    await tower.embedTexts(['预热']);
    const times: number[] = [];
    for (const query of QUERIES) {
      const start = performance.now();
      await tower.embedTexts([query]);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    progress(`multilingual text tower ${variant}: ${ms.toFixed(1)} ms per query (median of ${times.length})`);
    return ms;
  } finally {
    await tower.dispose();
  }
}

/** Median ms per uncached query, fp32 and int8. */
export async function measureMultilingualText(): Promise<MultilingualTextResult> {
  return { fp32Ms: await measure('fp32'), int8Ms: await measure('int8'), queries: QUERIES.length };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  measureMultilingualText().then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
