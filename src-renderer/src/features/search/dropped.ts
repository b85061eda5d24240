import { isImageFile } from './image-search.js';

/** What a drop on the window carries: a folder to add, else an image to search with, else nothing. */
export type Dropped = { kind: 'folder'; file: File } | { kind: 'image'; file: File } | null;

type ItemLike = Pick<DataTransferItem, 'kind' | 'getAsFile'> & { webkitGetAsEntry?: () => { isDirectory: boolean } | null };

/**
 * Read during the drop event itself: afterwards the DataTransfer is emptied. A folder shows only through its
 * item's entry (`webkitGetAsEntry().isDirectory`); its File has no bytes, and only the desktop app can name its path.
 */
export function readDrop(data: Pick<DataTransfer, 'files'> & { items?: ArrayLike<ItemLike> | undefined }): Dropped {
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file' || item.webkitGetAsEntry?.()?.isDirectory !== true) continue;
    const file = item.getAsFile();
    if (file) return { kind: 'folder', file };
  }
  const image = Array.from(data.files).find(isImageFile);
  return image ? { kind: 'image', file: image } : null;
}
