import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The standard menus plus the one shell setting: whether closing the window keeps indexing going. Without a
 * tray icon, the hidden window comes back by launching Shoebox again (single instance) or from the dock.
 */
export function installAppMenu(keepIndexing: boolean, onKeepIndexingChange: (value: boolean) => void): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      label: 'Indexing',
      submenu: [
        {
          label: 'Keep indexing when the window is closed',
          type: 'checkbox',
          checked: keepIndexing,
          click: (item) => {
            onKeepIndexingChange(item.checked);
          },
        },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
