import { AppError } from '../../contract/errors.js';

/**
 * [Note: query language]
 * A search is a weighted sum of unit text vectors, renormalised (rclip's arithmetic):
 *   dog at the beach          one term: the words stay together, CLIP reads them as a sentence
 *   red -dark                 "-word" or -"a phrase" pushes away
 *   2:dog + beach - people    terms joined by a spaced "+" or "-"; "N:" weighs the term after it
 *   "a red car" + 0.5:night   quotes group words (and keep "+"/"-" inside them literal)
 * A term subtracted without a weight gets DEFAULT_NEGATIVE_WEIGHT: pushing away at full weight
 * cancels as much of the query as it adds, and photos that merely lack the unwanted thing then
 * outrank those that show the wanted one.
 */
export interface QueryTerm {
  text: string;
  /** > 0 pulls towards the text, < 0 pushes away from it */
  weight: number;
}

export interface ParsedQuery {
  terms: QueryTerm[];
}

export const DEFAULT_NEGATIVE_WEIGHT = 0.5;
export const MAX_WEIGHT = 100;
export const MAX_TERMS = 16;

type Token =
  | { kind: 'op'; sign: 1 | -1; at: number }
  | { kind: 'atom'; text: string; negated: boolean; weight: number | null; at: number };

const WEIGHT = /^(\d+(?:\.\d+)?|\.\d+):(?=[^\s\d])/;

function invalid(message: string, source: string): AppError {
  return new AppError('QUERY_INVALID', `${message}, in the search: ${source}`, { query: source });
}

/** Parses a search's text; blank text gives no terms, anything else gives terms or QUERY_INVALID. */
export function parseQuery(source: string): ParsedQuery {
  const tokens = lex(source);
  const terms = assemble(tokens, source);
  if (terms.length > MAX_TERMS)
    throw invalid(`A search can have at most ${MAX_TERMS} terms, this one has ${terms.length}`, source);
  return { terms };
}

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const next = source.charAt(i + 1);
    const glued = next !== '' && !/\s/.test(next);
    if (ch === '+' || (ch === '-' && !glued)) {
      tokens.push({ kind: 'op', sign: ch === '+' ? 1 : -1, at: i });
      i += 1;
      continue;
    }
    const negated = ch === '-';
    if (negated && (next === '-' || next === '+')) {
      throw invalid(
        `"${ch}${next}" at character ${i + 1} needs a word or a quoted phrase after the "-"`,
        source,
      );
    }
    const atom = readAtom(source, negated ? i + 1 : i);
    tokens.push({ kind: 'atom', text: atom.text, negated, weight: atom.weight, at: i });
    i = atom.end;
  }
  return tokens;
}

/** One word or quoted phrase starting at `start`, with its optional "N:" weight. */
function readAtom(source: string, start: number): { text: string; weight: number | null; end: number } {
  let i = start;
  let weight: number | null = null;
  const match = WEIGHT.exec(source.slice(i));
  if (match) {
    weight = Number(match[1]);
    if (!(weight > 0 && weight <= MAX_WEIGHT)) {
      throw invalid(
        `The weight "${match[0]}" at character ${i + 1} must be above 0 and at most ${MAX_WEIGHT}`,
        source,
      );
    }
    i += match[0].length;
    const sign = source.charAt(i);
    if (sign === '-' || sign === '+') {
      throw invalid(
        `Put the "${sign}" before the weight at character ${start + 1}, as in ${sign}${match[0]}dog`,
        source,
      );
    }
  } else if (/^(\d+(?:\.\d+)?|\.\d+):(\s|$)/.test(source.slice(i))) {
    throw invalid(
      `The weight at character ${i + 1} needs a word or a quoted phrase right after it, as in 2:dog`,
      source,
    );
  }
  if (source.charAt(i) === '"') return { ...readQuoted(source, i), weight };
  let end = i;
  while (end < source.length && !/\s/.test(source.charAt(end))) end += 1;
  return { text: source.slice(i, end), weight, end };
}

function readQuoted(source: string, open: number): { text: string; end: number } {
  const close = source.indexOf('"', open + 1);
  if (close < 0) throw invalid(`The quote at character ${open + 1} is never closed`, source);
  const text = source
    .slice(open + 1, close)
    .trim()
    .replace(/\s+/g, ' ');
  if (text === '') throw invalid(`The quotes at character ${open + 1} hold nothing`, source);
  return { text, end: close + 1 };
}

interface Segment {
  sign: 1 | -1;
  weight: number | null;
  words: string[];
  /** where its first word starts: terms are listed in reading order */
  at: number;
  /** the operator that opened it, if any: it must be followed by something to add or subtract */
  op: { sign: 1 | -1; at: number } | null;
}

function assemble(tokens: Token[], source: string): QueryTerm[] {
  const terms: (QueryTerm & { at: number })[] = [];
  let segment: Segment = { sign: 1, weight: null, words: [], at: 0, op: null };
  let lastWasOp = false;
  const close = (): void => {
    if (segment.words.length > 0) {
      const weight = segment.weight ?? (segment.sign < 0 ? DEFAULT_NEGATIVE_WEIGHT : 1);
      terms.push({ text: segment.words.join(' '), weight: segment.sign * weight, at: segment.at });
    } else if (segment.op) {
      throw invalid(
        `The "${opChar(segment.op.sign)}" at character ${segment.op.at + 1} has no term after it`,
        source,
      );
    }
  };
  for (const token of tokens) {
    if (token.kind === 'op') {
      if (lastWasOp) throw invalid(`Two operators in a row at character ${token.at + 1}`, source);
      close();
      segment = {
        sign: token.sign,
        weight: null,
        words: [],
        at: token.at,
        op: { sign: token.sign, at: token.at },
      };
      lastWasOp = true;
      continue;
    }
    lastWasOp = false;
    if (token.negated) {
      terms.push({ text: token.text, weight: -(token.weight ?? DEFAULT_NEGATIVE_WEIGHT), at: token.at });
      continue;
    }
    if (token.weight !== null) {
      if (segment.words.length > 0) {
        throw invalid(
          `The weight at character ${token.at + 1} must start a term: join terms with " + ", as in "beach + 2:dog"`,
          source,
        );
      }
      segment.weight = token.weight;
    }
    if (segment.words.length === 0) segment.at = token.at;
    segment.words.push(token.text);
  }
  if (lastWasOp) {
    const op = segment.op;
    throw invalid(`Nothing follows the "${opChar(op?.sign ?? 1)}" at the end`, source);
  }
  close();
  return terms.sort((a, b) => a.at - b.at).map(({ text, weight }) => ({ text, weight }));
}

function opChar(sign: 1 | -1): string {
  return sign > 0 ? '+' : '-';
}
