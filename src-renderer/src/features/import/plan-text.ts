import type { FilingLine, ImportPlan } from '$contract/imports.js';
import { t } from '../../lib/i18n/i18n.svelte.js';

/** "412 new photos and 9 videos (1,311 already in your library) (2 files repeated on the card, imported once)": the banner's and the import screen's line. */
export function describeNew(plan: ImportPlan): string {
  const videos = plan.videos > 0 ? t('import.andVideos', { count: plan.videos }) : '';
  const known = plan.alreadyInLibrary > 0 ? t('import.alreadyKnown', { count: plan.alreadyInLibrary }) : '';
  const twins = plan.duplicatesInSource > 0 ? t('import.twinsOnSource', { count: plan.duplicatesInSource }) : '';
  return `${t('import.newPhotos', { count: plan.photos })}${videos}${known}${twins}`;
}

/** "31 → Beach 2026" or "377 stayed in 2026/2026-07-14". */
export function describeFiling(line: FilingLine): string {
  return line.albumName === null
    ? t('import.filedFolder', { count: line.count, folder: line.folder ?? '.' })
    : t('import.filedAlbum', { count: line.count, album: line.albumName });
}
