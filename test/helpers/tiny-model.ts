import path from 'node:path';
import { tmpdir } from 'node:os';
import { writeTinyClipModel } from '../fixtures/tiny-clip.js';

let built: Promise<string> | null = null;

/** The project's tiny CLIP model, built once per test process into a temp folder. */
export function tinyModelDir(): Promise<string> {
  built ??= writeTinyClipModel(path.join(tmpdir(), `shoebox-tiny-model-${process.pid}`)).then((m) => m.dir);
  return built;
}
