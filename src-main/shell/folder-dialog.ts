import { dialog, type BrowserWindow } from 'electron';
import type { ChoosePath } from '../contract/page-guard.js';

/**
 * The desktop app's answer to [Note: paths from the page]: whatever path the page sent is only the
 * dialog's starting point; the folder used is the one the person picks in the OS dialog, shown by the
 * main process. Cancel refuses the call.
 */
export function folderDialogChooser(window: () => BrowserWindow | null): ChoosePath {
  return async ({ method, path, purpose }) => {
    const options: Electron.OpenDialogOptions = {
      title: `Shoebox: ${purpose}`,
      defaultPath: path,
      buttonLabel: 'Choose',
      properties: method === 'importModel' ? ['openDirectory', 'openFile'] : ['openDirectory', 'createDirectory'],
    };
    const parent = window();
    const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
