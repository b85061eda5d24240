import type { ESLint, Linter } from 'eslint';

export const CORE_ORDER: string[];
export const CORE_PACKAGES: Record<string, string[]>;
export const CORE_ENTRY_EXCEPTIONS: Record<string, string>;
export function coreFolderOf(repoPath: string): string | null;
export const plugin: ESLint.Plugin;
export const layerConfigs: Linter.Config[];
