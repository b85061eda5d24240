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
  'filters.cameraCount': { one: '{camera} ({count} photo)', other: '{camera} ({count} photos)' },
} as const;

export type BrowseMessageKey = keyof typeof enBrowse;
