/** The words of a drop on the window (a photo searches, a folder is added); part of the `en` catalogue (see [Note: UI messages]). */
export const enDrop = {
  'drop.photoOrFolder': 'Drop a photo to find similar ones, or a folder to add it to the library',
  'drop.folderAdded': 'Folder added to the library',
  'drop.folderAddedDetail': 'Shoebox is indexing {path}.',
  'drop.browserFolder': 'Use “Add folder” in Settings',
  'drop.browserFolderDetail': 'A browser cannot tell Shoebox where a dropped folder is, so nothing was added.',
} as const;

export type DropMessageKey = keyof typeof enDrop;
