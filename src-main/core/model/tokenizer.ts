import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { AppError } from '../../contract/errors.js';

/** Token ids ready for a text tower: [batch, length] row-major, padded with the pad token. */
export interface TokenBatch {
  inputIds: BigInt64Array;
  /** 1 for real tokens (start and end included), 0 for padding */
  attentionMask: BigInt64Array;
  batch: number;
  length: number;
}

/** 'longest': pad to the longest text of the batch (a dynamic-length tower); 'max': to the context length. */
export type PadTo = 'longest' | 'max';

type Json = Record<string, unknown>;

/**
 * The part of @huggingface/tokenizers we use. Its .d.ts files import each other without extensions,
 * which NodeNext resolution cannot follow, so the class is typed here instead.
 */
interface HfTokenizer {
  encode(text: string): { ids: number[] };
  token_to_id(token: string): number | undefined;
}
const HfTokenizerClass = Tokenizer as unknown as new (tokenizerJson: object, config: object) => HfTokenizer;

async function readJsonFile(file: string, optional: boolean): Promise<Json> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Cannot read ${file} (${String(error)}). Download the model again.`,
      { file },
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} is not valid JSON (${String(error)}). Download the model again.`,
      { file },
    );
  }
}

/** tokenizer_config.json writes special tokens either as a string or as an AddedToken object. */
function tokenContent(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const content = (value as Json)['content'];
    if (typeof content === 'string') return content;
  }
  return null;
}

/**
 * The text side of a model's contract: Hugging Face's tokenizer.json run by @huggingface/tokenizers,
 * plus what CLIP's reference tokenizer does around it (truncate to the context length keeping the end
 * token last, pad with the pad token).
 */
export class TextTokenizer {
  private constructor(
    private readonly tokenizer: HfTokenizer,
    readonly contextLength: number,
    readonly padId: number,
  ) {}

  /** Loads `tokenizer.json` (required) and `tokenizer_config.json` (optional) from a model folder. */
  static async load(dir: string, contextLength: number): Promise<TextTokenizer> {
    const tokenizerJson = await readJsonFile(path.join(dir, 'tokenizer.json'), false);
    const config = await readJsonFile(path.join(dir, 'tokenizer_config.json'), true);
    let tokenizer: HfTokenizer;
    try {
      tokenizer = new HfTokenizerClass(tokenizerJson, config);
    } catch (error) {
      throw new AppError(
        'MODEL_INVALID',
        `${path.join(dir, 'tokenizer.json')} is not a tokenizer this app can run (${String(error)}).`,
        { dir },
      );
    }
    // Without a pad token, CLIP exports pad with the end token, which is what the empty text ends with.
    const padToken = tokenContent(config['pad_token']);
    const padId =
      (padToken === null ? undefined : tokenizer.token_to_id(padToken)) ??
      tokenizer.encode('').ids.at(-1) ??
      0;
    return new TextTokenizer(tokenizer, contextLength, padId);
  }

  /** Ids with the start and end tokens, truncated to the context length with the end token kept last. */
  ids(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.contextLength) return ids;
    const end = ids[ids.length - 1] ?? this.padId;
    return [...ids.slice(0, this.contextLength - 1), end];
  }

  encode(texts: string[], padTo: PadTo = 'longest'): TokenBatch {
    const rows = texts.map((text) => this.ids(text));
    const length = padTo === 'max' ? this.contextLength : Math.max(1, ...rows.map((r) => r.length));
    const inputIds = new BigInt64Array(rows.length * length).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(rows.length * length);
    rows.forEach((row, r) => {
      row.forEach((id, i) => {
        inputIds[r * length + i] = BigInt(id);
        attentionMask[r * length + i] = 1n;
      });
    });
    return { inputIds, attentionMask, batch: rows.length, length };
  }
}
