import '@testing-library/svelte/vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { appShoebox, hit, pagedLibrary, root, searchResult, status, useViewport } from '../../factories.js';
import { renderApp } from '../../render-app.js';

useViewport();

function library() {
  return appShoebox({
    status: () => Promise.resolve(status()),
    listPhotos: pagedLibrary(5),
    search: ({ text = '' }) => Promise.resolve(searchResult(text, [hit(3, 0.9)])),
  });
}

async function dropFile(file: File): Promise<void> {
  const dataTransfer = { files: [file], types: ['Files'], dropEffect: 'none' };
  await fireEvent.dragEnter(window, { dataTransfer });
  await fireEvent.dragOver(window, { dataTransfer });
  await fireEvent.drop(window, { dataTransfer });
}

describe('drag a photo onto the window', () => {
  it('sends the file’s bytes as the image of the query and shows what it found', async () => {
    const shoebox = library();
    await renderApp(shoebox);

    await dropFile(new File([new Uint8Array([0xff, 0xd8, 0xff, 0x01])], 'beach.jpg', { type: 'image/jpeg' }));

    expect(await screen.findByRole('heading', { name: 'Photos like beach.jpg' })).toBeTruthy();
    const input = shoebox.mock.search.mock.calls[0]?.[0];
    expect(input?.image).toEqual({ bytesBase64: '/9j/AQ==', name: 'beach.jpg' });
    expect(input?.text).toBe('');
    expect(await screen.findByAltText(/^IMG_0003\.jpg/)).toBeTruthy();
  });

  it('keeps the photo while words are added, and drops it with its chip', async () => {
    const shoebox = library();
    await renderApp(shoebox, { debounceMs: 0 });
    await dropFile(new File([new Uint8Array([1, 2, 3])], 'dog.png', { type: 'image/png' }));
    await screen.findByRole('heading', { name: 'Photos like dog.png' });

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Search photos' }), { target: { value: 'snow' } });
    expect(await screen.findByRole('heading', { name: 'Photos like dog.png and “snow”' })).toBeTruthy();
    expect(shoebox.mock.search.mock.lastCall?.[0]).toMatchObject({ text: 'snow', image: { name: 'dog.png' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Stop searching with dog.png' }));
    expect(await screen.findByRole('heading', { name: 'Results for “snow”' })).toBeTruthy();
    expect(shoebox.mock.search.mock.lastCall?.[0].image).toBeUndefined();
  });

  it('ignores a file that is not an image', async () => {
    const shoebox = library();
    await renderApp(shoebox);
    await dropFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(shoebox.mock.search).not.toHaveBeenCalled();
  });
});

/** A folder as Chromium hands it over in the drop: an item whose entry is a directory, and a File without bytes. */
function folderTransfer(name: string) {
  const file = new File([], name);
  const item = { kind: 'file', getAsFile: () => file, webkitGetAsEntry: () => ({ isDirectory: true }) };
  return { file, dataTransfer: { files: [file], items: [item], types: ['Files'], dropEffect: 'none' } };
}

describe('drag a folder onto the window', () => {
  it('in the desktop app adds the folder at the path the preload names, and says so', async () => {
    const shoebox = library();
    shoebox.mock.addRoot.mockImplementation(({ path }) => Promise.resolve(root(path, 0)));
    const { file, dataTransfer } = folderTransfer('Holidays');
    const pathForFile = vi.fn((dropped: File) => (dropped === file ? '/home/ana/Holidays' : null));
    await renderApp(Object.assign(shoebox, { pathForFile }));

    await fireEvent.dragEnter(window, { dataTransfer });
    expect(screen.getByText('Drop a photo to find similar ones, or a folder to add it to the library')).toBeTruthy();
    await fireEvent.drop(window, { dataTransfer });

    expect(await screen.findByText('Folder added to the library')).toBeTruthy();
    expect(screen.getByText('Shoebox is indexing /home/ana/Holidays.')).toBeTruthy();
    expect(shoebox.mock.addRoot.mock.calls).toEqual([[{ path: '/home/ana/Holidays' }]]);
    expect(shoebox.mock.search).not.toHaveBeenCalled();
  });

  it('in a browser, which cannot tell where the folder is, says to use Add folder and adds nothing', async () => {
    const shoebox = library();
    await renderApp(shoebox);
    const { dataTransfer } = folderTransfer('Holidays');

    await fireEvent.dragEnter(window, { dataTransfer });
    expect(screen.getByText('Drop a photo to find similar ones')).toBeTruthy();
    await fireEvent.drop(window, { dataTransfer });

    expect(await screen.findByText('Use “Add folder” in Settings')).toBeTruthy();
    expect(shoebox.mock.addRoot).not.toHaveBeenCalled();
    expect(shoebox.mock.search).not.toHaveBeenCalled();
  });
});
