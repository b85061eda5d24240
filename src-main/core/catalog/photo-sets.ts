/**
 * Album and tag membership, as the albums feature keeps them. Search filters by them and finds
 * photos by their tags without knowing how they are stored; the albums store implements this.
 */
export interface PhotoSetResolver {
  /** ids of the photos in an album (after corrections); NOT_FOUND for an unknown album */
  album(albumId: string): Promise<Set<string>>;
  /** ids of the photos carrying this tag */
  tag(tag: string): Promise<Set<string>>;
  /** the tags of one photo, for keyword matching (called for every photo of a search: keep it a lookup) */
  tagsOf(photoId: string): string[];
  /** ids of the favourites and/or photos rated at least `minRating` ([Note: marks live in the library]) */
  marked?(filter: { favourite?: true; minRating?: number }): Set<string>;
}
