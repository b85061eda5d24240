import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import {
  DEFAULT_NEGATIVE_WEIGHT,
  MAX_TERMS,
  parseQuery,
} from '../../../src-main/core/search/query-parser.js';

const N = DEFAULT_NEGATIVE_WEIGHT;

function failure(source: string): AppError {
  try {
    parseQuery(source);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed without an error`);
}

describe('parseQuery', () => {
  it('keeps free text together as one term', () => {
    expect(parseQuery('  dog at   the beach ').terms).toEqual([{ text: 'dog at the beach', weight: 1 }]);
  });

  it('gives no terms for blank text', () => {
    expect(parseQuery('   ').terms).toEqual([]);
  });

  it('pushes away -word and -"a phrase" with the default weight', () => {
    expect(parseQuery('red -dark').terms).toEqual([
      { text: 'red', weight: 1 },
      { text: 'dark', weight: -N },
    ]);
    expect(parseQuery('-"a  crowd of people" dog at the beach').terms).toEqual([
      { text: 'a crowd of people', weight: -N },
      { text: 'dog at the beach', weight: 1 },
    ]);
  });

  it('reads rclip-style arithmetic with weights', () => {
    expect(parseQuery('2:dog + beach - people').terms).toEqual([
      { text: 'dog', weight: 2 },
      { text: 'beach', weight: 1 },
      { text: 'people', weight: -N },
    ]);
    expect(parseQuery('"a red car" + 0.5:night - 1:rain - .25:"motion blur"').terms).toEqual([
      { text: 'a red car', weight: 1 },
      { text: 'night', weight: 0.5 },
      { text: 'rain', weight: -1 },
      { text: 'motion blur', weight: -0.25 },
    ]);
  });

  it('weighs a whole term, and a glued minus with a weight', () => {
    expect(parseQuery('3:dog at the beach -2:people').terms).toEqual([
      { text: 'dog at the beach', weight: 3 },
      { text: 'people', weight: -2 },
    ]);
  });

  it('treats a glued "+" as an operator and keeps signs inside words and quotes literal', () => {
    expect(parseQuery('sea +sky').terms).toEqual([
      { text: 'sea', weight: 1 },
      { text: 'sky', weight: 1 },
    ]);
    expect(parseQuery('t-shirt c++ "rock + roll" 10:30').terms).toEqual([
      { text: 't-shirt c++ rock + roll 10:30', weight: 1 },
    ]);
  });

  it('allows a leading operator', () => {
    expect(parseQuery('- people + dog').terms).toEqual([
      { text: 'people', weight: -N },
      { text: 'dog', weight: 1 },
    ]);
  });

  it.each([
    ['"a red car', 'The quote at character 1 is never closed'],
    ['dog "" cat', 'The quotes at character 5 hold nothing'],
    ['2: dog', 'The weight at character 1 needs a word or a quoted phrase right after it'],
    ['dog + 2:', 'The weight at character 7 needs a word'],
    ['0:dog', 'must be above 0'],
    ['101:dog', 'at most 100'],
    ['dog +', 'Nothing follows the "+" at the end'],
    ['dog -', 'Nothing follows the "-" at the end'],
    ['dog + - cat', 'Two operators in a row at character 7'],
    ['dog - -cat', 'The "-" at character 5 has no term after it'],
    ['--dog', '"--" at character 1 needs a word'],
    ['2:-dog', 'Put the "-" before the weight'],
    ['dog 2:cat', 'must start a term'],
    ['+', 'Nothing follows the "+"'],
  ])('refuses %j with QUERY_INVALID: %s', (source, message) => {
    const error = failure(source);
    expect(error.code).toBe('QUERY_INVALID');
    expect(error.message).toContain(message);
    expect(error.message).toContain(`, in the search: ${source}`);
  });

  it(`refuses more than ${MAX_TERMS} terms`, () => {
    const source = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' + ');
    expect(failure(source).message).toContain(`at most ${MAX_TERMS} terms`);
    expect(parseQuery(source.split(' + ').slice(0, MAX_TERMS).join(' + ')).terms).toHaveLength(MAX_TERMS);
  });
});
