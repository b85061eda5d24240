import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ImportManager } from '../../../../src-renderer/src/features/import/import-manager.svelte.js';
import { ModelsManager } from '../../../../src-renderer/src/features/models/models-manager.svelte.js';
import { IndexingManager } from '../../../../src-renderer/src/features/indexing/indexing-manager.svelte.js';
import { RootsManager } from '../../../../src-renderer/src/features/settings/roots-manager.svelte.js';
import SettingsView from '../../../../src-renderer/src/features/settings/SettingsView.svelte';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { i18n } from '../../../../src-renderer/src/lib/i18n/i18n.svelte.js';
import { appShoebox, modelStatus, root, status } from '../../factories.js';

function renderSettings() {
  const roots = [root('/photos', 20), root('/camera', 5)];
  const shoebox = appShoebox({
    status: () => Promise.resolve(status({ roots })),
    listRoots: () => Promise.resolve(roots),
    removeRoot: () => Promise.resolve(),
    addRoot: ({ path }) => Promise.resolve(root(path, 0)),
    rescan: () => Promise.resolve({ indexed: 0, unchanged: 25, removed: 0, moved: 0, copied: 0, failed: [] }),
  });
  const errors = new ErrorHandler();
  render(SettingsView, {
    props: {
      roots: new RootsManager(shoebox.api, errors),
      indexing: new IndexingManager(shoebox.api, errors),
      models: new ModelsManager(shoebox.api, errors),
      imports: new ImportManager(shoebox.api, errors),
    },
    context: shoeboxContext(shoebox),
  });
  return shoebox;
}

describe('settings', () => {
  it('shows the folders, the library location, the model and the diagnostics', async () => {
    renderSettings();
    expect(await screen.findByText('/camera')).toBeTruthy();
    expect(await screen.findByText('/home/me/.shoebox')).toBeTruthy();
    expect((await screen.findByText(/^Running on/)).textContent).toMatch(
      /Running on CPU with 4 threads, chosen automatically\./,
    );
    expect(screen.getByText(/20 photos: 20 indexed/)).toBeTruthy();
  });

  it('removes a folder only after a second, confirming click', async () => {
    const shoebox = renderSettings();
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove /camera' }));
    expect(shoebox.mock.removeRoot).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));

    expect(shoebox.mock.removeRoot).toHaveBeenCalledWith({ path: '/camera' });
    await screen.findByText('/photos');
    expect(screen.queryByText('/camera')).toBeNull();
  });

  it('adds a folder and scans the folders again', async () => {
    const shoebox = renderSettings();
    await fireEvent.input(await screen.findByLabelText('Add a folder by its path'), {
      target: { value: '/usb/dcim' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));

    expect(await screen.findByText('/usb/dcim')).toBeTruthy();
    expect(shoebox.mock.rescan).toHaveBeenCalledTimes(1);
  });

  it('switches the UI to Chinese at once and remembers it; the text tower setting is saved in the library', async () => {
    const shoebox = renderSettings();
    shoebox.mock.setTextTower.mockImplementation(({ tower }) =>
      Promise.resolve(
        modelStatus({ settings: { model: null, provider: 'auto', threads: null, textTower: tower } }),
      ),
    );
    try {
      await fireEvent.change(await screen.findByLabelText('Language of Shoebox'), {
        target: { value: 'zh-CN' },
      });
      expect(await screen.findByRole('heading', { name: '设置' })).toBeTruthy();
      expect(screen.getByRole('heading', { name: '照片文件夹' })).toBeTruthy();
      expect(localStorage.getItem('shoebox.locale')).toBe('zh-CN');
      expect(screen.getByText(/尚未安装多语言文本模型/)).toBeTruthy();
      await fireEvent.change(screen.getByLabelText('搜索文字的理解方式'), {
        target: { value: 'multilingual' },
      });
      expect(shoebox.mock.setTextTower).toHaveBeenCalledWith({ tower: 'multilingual' });
    } finally {
      i18n.choose('auto');
    }
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });
});
