import type { Catalogue } from './i18n.svelte.js';
import type { KeywordsMessageKey } from './messages-keywords-en.js';

/** 关键词导出设置的简体中文；属于 `zh` 目录。 */
export const zhKeywords: Pick<Catalogue, KeywordsMessageKey> = {
  'keywords.title': '供其他照片软件读取的关键词',
  'keywords.hint': '常见的照片管理软件会从照片旁边的附属元数据文件读取关键词。Shoebox 可以把标签和相册名写进这些文件，并保留其他软件写入的内容；照片本身绝不会被改动。',
  'keywords.auto': '标签或相册变化时，自动写入附属文件',
  'keywords.exportNow': '立即为所有照片写入',
  'keywords.undo': '撤销上一次写入',
  'keywords.working': '正在写入…',
  'keywords.exported': '附属文件：更新 {written} 个，新建 {created} 个，{unchanged} 个已是最新。',
  'keywords.failed': '有 {count} 个附属文件无法写入，第一个：{first}',
  'keywords.undone': '已撤销：恢复 {restored} 个附属文件，删除 {removed} 个。',
  'keywords.kept': '有 {count} 个附属文件之后被改动过，已保留。',
  'keywords.nothingToUndo': '没有可撤销的写入。',
  'keywords.progress': '正在写入：{done} / {total} 张照片',
  'keywords.progressLabel': '已为 {percent}% 的照片写入关键词',
  'keywords.stop': '停止',
  'keywords.stopped': '已提前停止；已写入的内容会保留，并可撤销。',
};
