/** The words of browsing in English (folder tree, timeline, thumbnail size and shape); part of the `en` catalogue (see [Note: UI messages]). */
export const enBrowse = {
  'browse.folders': 'Folders',
  'browse.allPhotos': 'All photos',
  'browse.expand': 'Show the folders in {name}',
  'browse.collapse': 'Hide the folders in {name}',
  'browse.timeline': 'Timeline',
  'browse.jumpYear': { one: '{year}, {count} photo', other: '{year}, {count} photos' },
  'browse.jumpMonth': { one: '{month}, {count} photo', other: '{month}, {count} photos' },
  'browse.size': 'Thumbnail size',
  'browse.small': 'Small',
  'browse.medium': 'Medium',
  'browse.large': 'Large',
  'browse.shape': 'Thumbnail shape',
  'browse.square': 'Square',
  'browse.aspect': 'Whole photo',
  'browse.unreadable': { one: '{count} file is not a photo Shoebox reads yet', other: '{count} files are not photos Shoebox reads yet' },
  'browse.unreadableTitle': 'Files Shoebox cannot read yet',
  'browse.unreadableHint': 'These files in your folders look like pictures or videos in a format Shoebox does not read yet. They are left as they are and are not in the library.',
  'browse.unreadableMore': { one: 'and {count} more', other: 'and {count} more' },
  'filters.cameraCount': { one: '{camera} ({count} photo)', other: '{camera} ({count} photos)' },
} as const;

export type BrowseMessageKey = keyof typeof enBrowse;
