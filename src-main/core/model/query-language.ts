import { TEXT_TOWER_CHOICES, type TextTowerChoice } from '../../contract/models.js';

/**
 * [Note: query language routing]
 * Which text tower reads a query term, a prompt or a negative. CLIP's own tower reads English best; a
 * multilingual tower (see [Note: sentence tower]) reads 50+ languages into the same space. The choice is
 * made per term (`海边 + dog` sends 海边 to the multilingual tower and `dog` to CLIP's; both vectors live in
 * one space, so the sum is meaningful), by a cheap guess at the term's language:
 *   1. by script: any kana is Japanese, any Hangul Korean, any Han ideograph (without kana) Chinese, any
 *      other non-Latin letter (Cyrillic, Arabic, Thai, Greek, Devanagari ...) "other". A term that mixes
 *      Latin words with one of these counts as that language: the multilingual tower reads English too.
 *   2. Latin script only: the term is English unless it has more signs of another language than of
 *      English, where a sign is a function word of a common European language that is not an English
 *      word ("der", "avec", "playa" is not one: content words are not listed) or a letter with a
 *      diacritic or one English does not use (é, ñ, ß, ø, ł ...). A single plain word ("Hund") therefore
 *      stays English: the setting `textTower: multilingual` sends everything to the multilingual tower.
 *   3. no letters at all (digits, emoji, punctuation) is English: nothing in it is language-specific.
 */
export type QueryLanguage = 'en' | 'zh' | 'ja' | 'ko' | 'other';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /\p{Script=Han}/u;
const NON_LATIN_LETTER = /(?![\p{Script=Latin}\p{Script=Han}])\p{L}/u;

/** Function words of German, French, Spanish, Italian, Portuguese, Dutch, the Nordic languages, Polish, Turkish and Indonesian that are not English words. */
const FOREIGN_WORDS = new Set(
  (
    'der das und ist nicht mit ein eine einem einer einen im auf für von zu bei dem des vom zum zur ' +
    'le les des une et est avec dans sur pour du au aux ce cette sous chez ou ' +
    'el los las del con una y por para al sobre bajo entre ' +
    'il gli della delle dei nel nella sulla sul degli ' +
    'os um uma com do da dos das na em ao ' +
    'het een en met van op voor bij naar ' +
    'och med på ett av för til og ikke ' +
    'w z na się ze ' +
    've bir ile ' +
    'dan di yang dengan ke dari'
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  (
    'a an the and or of in on at to with from for by into over under near beside behind my our your ' +
    'is are was were be this that these those some many few photo picture image'
  ).split(' '),
);
/** Latin letters English does not write (besides those with combining accents, found by NFD). */
const NON_ENGLISH_LATIN = /[ßøæœłđıþð]/u;

function latinSigns(text: string): { foreign: number; english: number } {
  let foreign = 0;
  let english = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (ENGLISH_WORDS.has(word)) english += 1;
    else if (FOREIGN_WORDS.has(word)) foreign += 1;
    if (NON_ENGLISH_LATIN.test(word) || /\p{M}/u.test(word.normalize('NFD'))) foreign += 1;
  }
  return { foreign, english };
}

/** The language a term is probably written in, as far as choosing a text tower needs to know. */
export function guessQueryLanguage(text: string): QueryLanguage {
  if (KANA.test(text)) return 'ja';
  if (HANGUL.test(text)) return 'ko';
  if (HAN.test(text)) return 'zh';
  if (NON_LATIN_LETTER.test(text)) return 'other';
  const { foreign, english } = latinSigns(text);
  return foreign > english ? 'other' : 'en';
}

export { TEXT_TOWER_CHOICES, type TextTowerChoice };

export type TextRoute = 'clip' | 'multilingual';

/** The tower for one text: the setting first, then the language; without a multilingual tower, CLIP's. */
export function routeText(text: string, choice: TextTowerChoice, multilingualInstalled: boolean): TextRoute {
  if (choice !== 'auto') return choice;
  return multilingualInstalled && guessQueryLanguage(text) !== 'en' ? 'multilingual' : 'clip';
}
