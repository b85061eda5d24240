export function folderOf(file: string): string | null;
export function edges(): Map<string, number>;
export function cycles(counts: Map<string, number>): string[][];
