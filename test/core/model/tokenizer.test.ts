import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextTokenizer } from '../../../src-main/core/model/tokenizer.js';
import { referenceFixturesDir } from '../../fixtures/tiny-clip.js';

interface TokenizerCases {
  sot: number;
  eot: number;
  context_length: number;
  cases: { text: string; ids: number[] }[];
}

const fixtures = referenceFixturesDir();
const clipDir = path.join(fixtures, 'clip-vit-base-patch32');
const reference = JSON.parse(
  await readFile(path.join(fixtures, 'clip-tokenizer-cases.json'), 'utf8'),
) as TokenizerCases;
const tokenizer = await TextTokenizer.load(clipDir, reference.context_length);

describe('TextTokenizer (CLIP)', () => {
  it.each(reference.cases.map((c) => [JSON.stringify(c.text).slice(0, 60), c] as const))(
    'reproduces the reference ids for %s',
    (_, c) => {
      expect(tokenizer.ids(c.text)).toEqual(c.ids);
    },
  );

  it('truncates a long text to the context length with the end token kept last', () => {
    const ids = tokenizer.ids('cat '.repeat(200));
    expect(ids).toHaveLength(77);
    expect(ids[0]).toBe(reference.sot);
    expect(ids[76]).toBe(reference.eot);
    expect(ids[75]).not.toBe(reference.eot);
  });

  it('pads a batch to the longest text with the pad token and masks the padding', () => {
    const batch = tokenizer.encode(['a dog', 'a dog at the beach']);
    expect(batch).toMatchObject({ batch: 2, length: 7 });
    expect(Array.from(batch.inputIds, Number)).toEqual([
      49406, 320, 1929, 49407, 49407, 49407, 49407, 49406, 320, 1929, 536, 518, 2117, 49407,
    ]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('pads to the full context length when asked', () => {
    const batch = tokenizer.encode(['red'], 'max');
    expect(batch.length).toBe(77);
    expect(batch.inputIds).toHaveLength(77);
    expect(Array.from(batch.attentionMask, Number).reduce((a, b) => a + b, 0)).toBe(3);
    expect(Number(batch.inputIds[76])).toBe(49407);
  });

  it('reports a missing tokenizer.json as MODEL_NOT_FOUND naming the file', async () => {
    await expect(TextTokenizer.load(fixtures, 77)).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining(path.join(fixtures, 'tokenizer.json')) as unknown,
    });
  });
});
