import type { PhotoEventName, PhotoEvents, PhotoEventSource, Unsubscribe } from '../../contract/events.js';

/** The core's event bus: typed by the contract's event map, listeners isolated from each other's errors. */
export class PhotoEventBus implements PhotoEventSource {
  private readonly listeners = new Map<PhotoEventName, Set<(payload: never) => void>>();

  on<K extends PhotoEventName>(name: K, listener: (payload: PhotoEvents[K]) => void): Unsubscribe {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener);
    this.listeners.set(name, set);
    return () => set.delete(listener);
  }

  emit<K extends PhotoEventName>(name: K, payload: PhotoEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as (p: PhotoEvents[K]) => void)(payload);
      } catch (error) {
        console.error(`shoebox: a ${name} listener failed: ${String(error)}`);
      }
    }
  }
}
