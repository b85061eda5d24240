import { en, type MessageKey } from './messages-en.js';
import { zh } from './messages-zh.js';

/**
 * [Note: UI messages]
 * One catalogue of the UI's words, typed: messages-en.ts is the source, and every other language is a
 * `Catalogue`, so a key missing from (or unknown to) a translation fails the typecheck, and a test checks
 * the same at run time. A message is a string with `{name}` placeholders, or plural forms keyed by
 * Intl.PluralRules' categories (CLDR: English has one/other, Chinese only other), chosen by `{count}`.
 * Why our own ~100 lines rather than a library: svelte-i18n keeps keys untyped (a typo shows up at run
 * time) and lives in Svelte 3 stores; paraglide-js is typed but needs a compiler step in both Vite
 * builds and the tests; typesafe-i18n is no longer maintained. Intl does the hard parts (plural rules,
 * numbers, dates), and the locale is one rune, so every `t()` in a template follows a change at once.
 * The CLI stays English, and errors from the core keep their English detail under a translated headline.
 */

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Catalogue = Record<MessageKey, Message>;

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
/** 'auto': the system's language (navigator.languages, which Electron fills from the OS locale). */
export type LocaleChoice = Locale | 'auto';

const CATALOGUES: Record<Locale, Catalogue> = { en, 'zh-CN': zh };
const STORAGE_KEY = 'shoebox.locale';

/** The first of the person's languages this UI has: any Chinese is Simplified Chinese, else English. */
export function detectLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function systemLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

function storedChoice(): LocaleChoice {
  try {
    const value = globalThis.localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'zh-CN' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

class I18n {
  choice = $state<LocaleChoice>(storedChoice());
  readonly locale = $derived<Locale>(this.choice === 'auto' ? detectLocale(systemLanguages()) : this.choice);

  /** Changes the language now and remembers it on this computer. */
  choose(choice: LocaleChoice): void {
    this.choice = choice;
    try {
      if (choice === 'auto') globalThis.localStorage.removeItem(STORAGE_KEY);
      else globalThis.localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // private mode or no storage: the choice lasts for this window
    }
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();

// a cache of formatters, not state: nothing renders from it
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const pluralRules = new Map<Locale, Intl.PluralRules>();

function pick(message: Message, locale: Locale, count: unknown): string {
  if (typeof message === 'string') return message;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const category = typeof count === 'number' ? rules.select(count) : 'other';
  return message[category] ?? message.other;
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; a number is written the locale's way. */
export function interpolate(text: string, params: Params | undefined, locale: Locale): string {
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

/** The message `key` in the current language, with `params` filled in. */
export function t(key: MessageKey, params?: Params): string {
  const locale = i18n.locale;
  return interpolate(pick(CATALOGUES[locale][key], locale, params?.['count']), params, locale);
}

/** The message in a given language (tests, and the language picker's own labels). */
export function tIn(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(pick(CATALOGUES[locale][key], locale, params?.['count']), params, locale);
}

export { CATALOGUES };

export type MessagePart = { text: string; slot?: undefined } | { slot: string; text?: undefined };

/** A message cut at its placeholders, for markup that puts an element (a <kbd>, a <code>) in each slot. */
export function tParts(key: MessageKey): MessagePart[] {
  const text = pick(CATALOGUES[i18n.locale][key], i18n.locale, undefined);
  return text
    .split(/(\{\w+\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const slot = /^\{(\w+)\}$/.exec(part)?.[1];
      return slot === undefined ? { text: part } : { slot };
    });
}
export type { MessageKey };
