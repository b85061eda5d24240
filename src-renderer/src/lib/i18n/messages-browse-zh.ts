import type { Catalogue } from './i18n.svelte.js';
import type { BrowseMessageKey } from './messages-browse-en.js';

/** 浏览相关的简体中文（文件夹树、时间轴、缩略图大小与形状）；属于 `zh` 目录。 */
export const zhBrowse: Pick<Catalogue, BrowseMessageKey> = {
  'browse.folders': '文件夹',
  'browse.allPhotos': '全部照片',
  'browse.expand': '展开 {name} 中的文件夹',
  'browse.collapse': '收起 {name} 中的文件夹',
  'browse.timeline': '时间轴',
  'browse.jumpYear': { other: '{year}，{count} 张照片' },
  'browse.jumpMonth': { other: '{month}，{count} 张照片' },
  'browse.size': '缩略图大小',
  'browse.small': '小',
  'browse.medium': '中',
  'browse.large': '大',
  'browse.shape': '缩略图形状',
  'browse.square': '方形',
  'browse.aspect': '完整照片',
  'browse.unreadable': { other: '有 {count} 个文件不是 Shoebox 目前能读取的照片' },
  'browse.unreadableTitle': 'Shoebox 目前无法读取的文件',
  'browse.unreadableHint': '文件夹中的这些文件看起来是图片或视频，但其格式 Shoebox 目前还无法读取。它们保持原样，不在图库中。',
  'browse.unreadableMore': { other: '还有 {count} 个' },
  'filters.cameraCount': { other: '{camera}（{count} 张照片）' },
};
