import { toErrorPayload, type ErrorCode } from '../../../../src-main/contract/errors.js';
import { headlineFor } from './error-messages.js';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  code: ErrorCode | null;
}

const AUTO_DISMISS_MS = 8000;

/**
 * The one place failures go (Immich keeps the same rule): every caught error becomes a toast
 * with a readable headline for its code and the core's message. Cancellations stay quiet.
 */
export class ErrorHandler {
  toasts = $state<Toast[]>([]);
  #nextId = 1;

  report(error: unknown): void {
    const payload = toErrorPayload(error);
    if (payload.code === 'CANCELLED') return;
    this.#push({ kind: 'error', title: headlineFor(payload.code), message: payload.message, code: payload.code });
  }

  notify(title: string, message = ''): void {
    this.#push({ kind: 'info', title, message, code: null });
  }

  /** Runs a call and reports its failure; the caller gets undefined instead of an exception. */
  async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  #push(toast: Omit<Toast, 'id'>): void {
    const id = this.#nextId++;
    // The same failure repeated (a broken connection on every call) shows once.
    this.toasts = [...this.toasts.filter((t) => t.message !== toast.message || t.title !== toast.title), { id, ...toast }];
    if (toast.kind === 'info') setTimeout(() => { this.dismiss(id); }, AUTO_DISMISS_MS);
  }
}
