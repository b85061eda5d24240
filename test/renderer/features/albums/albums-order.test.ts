import { describe, expect, it } from 'vitest';
import { AlbumsManager } from '../../../../src-renderer/src/features/albums/albums-manager.svelte.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { album, fakeShoebox } from '../../factories.js';

describe('the order of albums', () => {
  it('is the same after a reload as after an edit: by name', async () => {
    // the core lists albums oldest first
    const listed = [album(1, { name: 'Zoo' }), album(2, { name: 'Beach' }), album(3, { name: 'mountains' })];
    const shoebox = fakeShoebox({
      listAlbums: () => Promise.resolve(listed),
      updateAlbum: ({ albumId }) => Promise.resolve({ ...listed.find((a) => a.id === albumId) ?? album(9), threshold: 0.3 }),
    });
    const albums = new AlbumsManager(shoebox.api, new ErrorHandler());
    await albums.load();
    const afterLoad = albums.albums.map((a) => a.name);
    await albums.update('album-1', { name: 'Zoo', prompts: ['zoo'], negativePrompts: [], threshold: 0.3 });
    expect(albums.albums.map((a) => a.name)).toEqual(afterLoad);
    expect(afterLoad).toEqual(['Beach', 'mountains', 'Zoo']);
  });
});
