import type { FolderCount } from '$contract/library.js';

export interface FolderNode {
  path: string;
  /** the folder's own name; a root shows its whole path */
  name: string;
  /** photos directly inside */
  count: number;
  /** photos inside, at any depth */
  total: number;
  children: FolderNode[];
}

/** The last part of a path, for either separator. */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts.at(-1) ?? path;
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path.slice(0, cut + 1) : path.slice(0, cut);
}

/**
 * The folders the core lists ([Note: browsing the way the files are]) as one tree per root: each node
 * with its photos directly inside and at any depth, children by name, folders without a photo at any
 * depth left out (a root is always shown).
 */
export function buildFolderTree(folders: readonly FolderCount[]): FolderNode[] {
  const nodes = new Map<string, FolderNode>();
  for (const folder of folders) {
    nodes.set(folder.path, { path: folder.path, name: folder.path === folder.root ? folder.path : baseName(folder.path), count: folder.count, total: 0, children: [] });
  }
  const roots: FolderNode[] = [];
  for (const folder of folders) {
    const node = nodes.get(folder.path);
    if (!node) continue;
    const parent = folder.path === folder.root ? undefined : nodes.get(parentOf(folder.path));
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const settle = (node: FolderNode): number => {
    node.children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    node.total = node.count + node.children.reduce((sum, child) => sum + settle(child), 0);
    node.children = node.children.filter((child) => child.total > 0);
    return node.total;
  };
  for (const root of roots) settle(root);
  return roots.sort((a, b) => a.path.localeCompare(b.path));
}

export interface FolderOption {
  path: string;
  /** the name, indented by its depth (a root: its whole path), for a <select> */
  label: string;
  total: number;
}

/** Every folder of the tree in order, indented, for the search's folder filter (defect 13: it offered only the roots). */
export function folderOptions(tree: readonly FolderNode[]): FolderOption[] {
  const options: FolderOption[] = [];
  const walk = (nodes: readonly FolderNode[], depth: number): void => {
    for (const node of nodes) {
      options.push({ path: node.path, label: `${'\u00a0\u00a0'.repeat(depth)}${node.name}`, total: node.total });
      walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return options;
}
