import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ModelsManager } from '../../../../src-renderer/src/features/models/models-manager.svelte.js';
import RuntimeSettings from '../../../../src-renderer/src/features/models/RuntimeSettings.svelte';
import { ErrorHandler } from '../../../../src-renderer/src/lib/errors/error-handler.svelte.js';
import { appShoebox, modelInfo, modelStatus } from '../../factories.js';

async function applyThreads(installed: boolean) {
  const shoebox = appShoebox({
    // The serving model: an installed one, or a folder the app was started with (--model), listed nowhere.
    listModels: () => Promise.resolve(installed ? [modelInfo('tiny-clip', { installed: { dir: '/models/tiny', variant: null, status: 'ready', problem: null }, serving: true })] : []),
    useModel: () => Promise.resolve(modelStatus()),
  });
  const models = new ModelsManager(shoebox.api, new ErrorHandler());
  await models.load();
  render(RuntimeSettings, { props: { models } });
  await fireEvent.input(screen.getByLabelText('CPU threads'), { target: { value: '2' } });
  await fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
  await vi.waitFor(() => expect(shoebox.mock.useModel).toHaveBeenCalled());
  return shoebox.mock.useModel.mock.calls;
}

describe('runtime settings', () => {
  it('reloads the serving model by its id, installed or not: the page never names a model folder', async () => {
    for (const installed of [true, false]) {
      const calls = await applyThreads(installed);
      expect(calls, `installed: ${installed}`).toEqual([[{ id: 'tiny-clip', provider: 'auto', threads: 2 }]]);
      document.body.innerHTML = '';
    }
  });
});
