/** IPC channel names, shared by the main-process handlers and the preload so the two cannot drift. */
export function apiChannel(method: string): string {
  return `photo:${method}`;
}

export const EVENT_CHANNEL = 'photo:event';
