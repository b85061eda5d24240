import type { IndexProgress } from './library.js';

/** Every event the core pushes to a UI. Adapters forward these by name; the payloads are plain JSON. */
export interface PhotoEvents {
  indexProgress: IndexProgress;
  photoIndexed: { id: string; path: string };
  photoRemoved: { id: string; path: string };
  photoFailed: { id: string; path: string; code: string; message: string };
}

export type PhotoEventName = keyof PhotoEvents;
export type Unsubscribe = () => void;

export interface PhotoEventSource {
  on<K extends PhotoEventName>(name: K, listener: (payload: PhotoEvents[K]) => void): Unsubscribe;
}
