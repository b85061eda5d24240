import type { Catalogue } from './i18n.svelte.js';
import type { DropMessageKey } from './messages-drop-en.js';

/** 拖放到窗口上的提示的简体中文；属于 `zh` 目录。 */
export const zhDrop: Pick<Catalogue, DropMessageKey> = {
  'drop.photoOrFolder': '放下照片以查找相似的照片，或放下文件夹把它加入照片库',
  'drop.folderAdded': '文件夹已加入照片库',
  'drop.folderAddedDetail': 'Shoebox 正在为 {path} 建立索引。',
  'drop.browserFolder': '请在“设置”中使用“添加文件夹”',
  'drop.browserFolderDetail': '浏览器无法告诉 Shoebox 拖入的文件夹在哪里，因此没有添加任何内容。',
};
