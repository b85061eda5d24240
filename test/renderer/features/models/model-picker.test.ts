import '@testing-library/svelte/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ModelPicker from '../../../../src-renderer/src/features/models/ModelPicker.svelte';
import { ModelsManager } from '../../../../src-renderer/src/features/models/models-manager.svelte.js';
import { shoeboxContext } from '../../../../src-renderer/src/lib/api/context.js';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { downloadEvent, fakeShoebox, modelInfo, modelStatus } from '../../factories.js';

const MB = 1024 * 1024;

async function renderPicker(serving: boolean) {
  let installed = false;
  const shoebox = fakeShoebox({
    listModels: () =>
      Promise.resolve([
        modelInfo('b32', {
          displayName: 'CLIP B/32',
          imagenetTop1: 63.2,
          installed: installed
            ? { dir: '/models/b32', variant: 'fp32', status: 'ready', problem: null }
            : null,
          variants: [
            { name: 'fp32', description: 'Full', default: true, sizeBytes: 600 * MB },
            { name: 'int8', description: 'Small', default: false, sizeBytes: 150 * MB },
          ],
        }),
      ]),
    modelStatus: () => Promise.resolve(serving ? modelStatus() : modelStatus({ serving: null })),
    downloadModel: ({ id }) => Promise.resolve(downloadEvent(id)),
    cancelModelDownload: () => Promise.resolve({ cancelled: true }),
    useModel: () => Promise.resolve(modelStatus()),
  });
  const models = new ModelsManager(shoebox.api, new ErrorHandler());
  models.listen(shoebox.events);
  await models.load();
  render(ModelPicker, { props: { models }, context: shoeboxContext(shoebox) });
  const card = screen.getByRole('listitem');
  return {
    shoebox,
    card,
    install: () => {
      installed = true;
    },
  };
}

describe('the model picker', () => {
  it('shows accuracy and size, downloads the chosen variant and shows its rate and time left', async () => {
    const { shoebox, card } = await renderPicker(true);
    expect(card.textContent).toMatch(/63\.2% accuracy\s*600\.0 MB download/);

    await fireEvent.change(within(card).getByLabelText('Variant of CLIP B/32'), {
      target: { value: 'int8' },
    });
    expect(card.textContent).toContain('150.0 MB download');
    await fireEvent.click(within(card).getByRole('button', { name: 'Download CLIP B/32' }));
    expect(shoebox.mock.downloadModel).toHaveBeenCalledWith({ id: 'b32', variant: 'int8' });

    shoebox.emit(
      'modelDownload',
      downloadEvent('b32', { bytesDone: 30 * MB, bytesTotal: 150 * MB, ratePerSec: 3 * MB, etaSeconds: 40 }),
    );
    const bar = await within(card).findByRole('progressbar', { name: 'Downloading CLIP B/32' });
    expect(bar.getAttribute('value')).toBe(String(30 * MB));
    expect(card.textContent).toMatch(/30\.0 MB of 150\.0 MB\s*3\.0 MB\/s\s*less than a minute left/);

    await fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(shoebox.mock.cancelModelDownload).toHaveBeenCalledWith({ id: 'b32' });
  });

  it('says why a download failed and retries it', async () => {
    const { shoebox, card } = await renderPicker(true);
    await fireEvent.click(within(card).getByRole('button', { name: 'Download CLIP B/32' }));

    shoebox.emit(
      'modelDownload',
      downloadEvent('b32', {
        state: 'failed',
        error: { code: 'DOWNLOAD_FAILED', message: 'huggingface.co did not answer.' },
      }),
    );
    expect((await within(card).findByRole('alert')).textContent).toContain(
      'Download failed: huggingface.co did not answer.',
    );
    await fireEvent.click(within(card).getByRole('button', { name: 'Retry' }));

    expect(shoebox.mock.downloadModel).toHaveBeenCalledTimes(2);
  });

  it('makes the first model downloaded the library’s model when it has none', async () => {
    const { shoebox, card, install } = await renderPicker(false);
    await fireEvent.click(within(card).getByRole('button', { name: 'Download CLIP B/32' }));

    install();
    shoebox.emit('modelDownload', downloadEvent('b32', { state: 'done', bytesDone: 600 * MB }));

    await vi.waitFor(() => {
      expect(shoebox.mock.useModel).toHaveBeenCalledWith({ id: 'b32' });
    });
  });

  it('offers a text tower only for the model it reads for, and never as the library model', async () => {
    const tower = (forModel: string) =>
      modelInfo('clip-multilingual-b32', {
        displayName: 'Multilingual text',
        textOnly: true,
        sharesImageSpaceWith: forModel,
      });
    const shoebox = fakeShoebox({
      listModels: () =>
        Promise.resolve([
          modelInfo('tiny-clip', { displayName: 'Tiny', serving: true, active: true }),
          tower('tiny-clip'),
        ]),
      modelStatus: () => Promise.resolve(modelStatus()),
    });
    const models = new ModelsManager(shoebox.api, new ErrorHandler());
    await models.load();
    render(ModelPicker, { props: { models }, context: shoeboxContext(shoebox) });
    const cards = screen.getAllByRole('listitem');
    expect(cards.map((c) => within(c).getByRole('heading').textContent)).toEqual([
      'Tiny',
      'Multilingual text',
    ]);
    expect(
      within(cards[1] as HTMLElement).getByRole('button', { name: 'Download Multilingual text' }),
    ).toBeTruthy();

    models.models = [modelInfo('tiny-clip', { displayName: 'Tiny', serving: true }), tower('clip-vit-b32')];
    await vi.waitFor(() => {
      expect(screen.getAllByRole('listitem')).toHaveLength(1);
    });
  });
});
