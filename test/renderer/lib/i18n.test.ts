import { afterEach, describe, expect, it } from 'vitest';
import {
  CATALOGUES,
  detectLocale,
  i18n,
  LOCALES,
  t,
  tIn,
  tParts,
  type Message,
} from '../../../src-renderer/src/lib/i18n/i18n.svelte.js';
import { formatBytes, formatCount, formatEta } from '../../../src-renderer/src/lib/format.js';
import { ERROR_CODES } from '$contract/errors.js';
import { describeFiling, describeNew } from '../../../src-renderer/src/features/import/plan-text.js';
import type { ImportPlan } from '$contract/imports.js';

const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [
    ...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))),
  ].sort();
};

describe('the message catalogue', () => {
  afterEach(() => {
    i18n.choose('auto');
  });

  it('has every key in every language, with the same placeholders, and nothing left empty', () => {
    const english = CATALOGUES.en;
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale];
      expect(Object.keys(catalogue).sort(), locale).toEqual(Object.keys(english).sort());
      for (const [key, message] of Object.entries(catalogue) as [keyof typeof english, Message][]) {
        expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(english[key]));
        const texts = typeof message === 'string' ? [message] : Object.values(message);
        expect(
          texts.every((text) => text.trim() !== ''),
          `${locale} ${key}`,
        ).toBe(true);
      }
    }
  });

  it('has a headline for every error code the core can send', () => {
    for (const code of ERROR_CODES)
      expect(tIn('zh-CN', `error.${code}`)).not.toBe(tIn('en', `error.${code}`));
  });

  it('leaves no English words in the Chinese catalogue except names and units', () => {
    const allowed =
      /^(Shoebox|Hugging|Face|huggingface|co|Esc|home|me|Pictures|CLIP|CPU|GPU|NVIDIA|CUDA|DirectML|Apple|Core|ML|WebGPU|jpeg|MB|KB|GB)$/i;
    for (const [key, message] of Object.entries(CATALOGUES['zh-CN'])) {
      const words =
        (typeof message === 'string' ? message : message.other).replace(/\{\w+\}/g, '').match(/[A-Za-z]+/g) ??
        [];
      expect(
        words.filter((w) => !allowed.test(w)),
        key,
      ).toEqual([]);
    }
  });

  it('picks plural forms by count (English one/other, Chinese one form) and writes numbers the locale’s way', () => {
    expect(t('common.photos', { count: 1 })).toBe('1 photo');
    expect(t('common.photos', { count: 12345 })).toBe('12,345 photos');
    expect(tIn('zh-CN', 'common.photos', { count: 1 })).toBe('1 张照片');
    expect(tIn('zh-CN', 'status.indexed', { count: 2 })).toBe('已索引 2 张照片');
  });

  it('follows the system language, a choice overrides it, and formatting follows the choice', () => {
    expect(detectLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLocale(['fr-FR', 'en-GB', 'zh-CN'])).toBe('en');
    expect(detectLocale(['de'])).toBe('en');
    expect(formatEta(600)).toBe('about 10 min left');
    i18n.choose('zh-CN');
    expect(i18n.locale).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('shoebox.locale')).toBe('zh-CN');
    expect(formatEta(600)).toBe('约剩 10 分钟');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(tParts('search.tryOther').map((p) => p.slot ?? 'text')).toEqual(['text', 'minus', 'text']);
  });

  it('writes the import lines in the chosen language', () => {
    const plan = { photos: 1, videos: 2, alreadyInLibrary: 1311, duplicatesInSource: 0 } as ImportPlan;
    expect(describeNew(plan)).toBe('1 new photo and 2 videos (1,311 already in your library)');
    expect(describeNew({ ...plan, duplicatesInSource: 2 })).toBe('1 new photo and 2 videos (1,311 already in your library) (2 files repeated on the card, imported once)');
    expect(describeFiling({ count: 377, albumId: null, albumName: null, folder: '2026/2026-07-14', mode: null })).toBe('377 stayed in 2026/2026-07-14');
    i18n.choose('zh-CN');
    expect(describeNew(plan)).toBe('1 张新照片和 2 段视频（1,311 个已在图库中）');
    expect(describeNew({ ...plan, duplicatesInSource: 1 })).toBe('1 张新照片和 2 段视频（1,311 个已在图库中）（卡上有 1 个重复文件，只导入一次）');
    expect(describeFiling({ count: 31, albumId: 'a', albumName: '海边', folder: null, mode: 'copy' })).toBe('31 → 海边');
  });
});
