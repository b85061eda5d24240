/** The keyword export settings' words in English; part of the `en` catalogue (see [Note: UI messages]). */
export const enKeywords = {
  'keywords.title': 'Keywords for other photo tools',
  'keywords.hint':
    'Lightroom, digiKam and darktable read keywords from XMP sidecar files beside the photos. Shoebox can write its tags and album names there, beside what other tools keep; the photos themselves are never changed.',
  'keywords.auto': 'Write tags and album names to the sidecars whenever they change',
  'keywords.exportNow': 'Write them for every photo now',
  'keywords.undo': 'Undo the last write',
  'keywords.working': 'Writing…',
  'keywords.exported': 'Sidecars: {written} updated, {created} created, {unchanged} already up to date.',
  'keywords.failed': { one: '{count} sidecar could not be written: {first}', other: '{count} sidecars could not be written, the first: {first}' },
  'keywords.undone': 'Undone: {restored} sidecars restored, {removed} removed.',
  'keywords.kept': { one: '{count} sidecar changed since then and was kept.', other: '{count} sidecars changed since then and were kept.' },
  'keywords.nothingToUndo': 'There is no write to undo.',
  'keywords.progress': 'Writing: {done} of {total} photos',
  'keywords.progressLabel': 'Keywords written for {percent}% of the photos',
  'keywords.stop': 'Stop',
  'keywords.stopped': 'Stopped before the end; what was written stays and can be undone.',
} as const;

export type KeywordsMessageKey = keyof typeof enKeywords;
