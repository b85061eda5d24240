import { describe, expect, it } from 'vitest';
import { guessQueryLanguage, routeText } from '../../../src-main/core/model/query-language.js';

describe('which tower reads a text', () => {
  it.each([
    ['dog at the beach', 'en'],
    ['海边的狗', 'zh'],
    ['海边的 dog', 'zh'],
    ['IMG 2019 红', 'zh'],
    ['犬と海', 'ja'],
    ['カメラ', 'ja'],
    ['바다', 'ko'],
    ['собака на пляже', 'other'],
    ['κύων', 'other'],
    ['der Hund am Strand', 'other'],
    ['un chien sur la plage', 'other'],
    ['perro en la playa', 'other'],
    ['perro playa', 'en'],
    ['el perro en la playa', 'other'],
    ['café', 'other'],
    ['Straße', 'other'],
    ['a photo of my café', 'en'],
    ['Hund', 'en'],
    ['2019', 'en'],
    ['🐶🏖️', 'en'],
    ['', 'en'],
  ])('%j is %s', (text, language) => {
    expect(guessQueryLanguage(text)).toBe(language);
  });

  it('routes by language only when a multilingual tower is installed, and the setting wins', () => {
    expect(routeText('海边', 'auto', true)).toBe('multilingual');
    expect(routeText('海边', 'auto', false)).toBe('clip');
    expect(routeText('beach', 'auto', true)).toBe('clip');
    expect(routeText('beach', 'multilingual', true)).toBe('multilingual');
    expect(routeText('海边', 'clip', true)).toBe('clip');
  });
});
