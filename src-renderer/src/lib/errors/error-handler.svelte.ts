import { toErrorPayload, type ErrorCode } from '$contract/errors.js';
import { headlineFor } from './error-messages.js';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  code: ErrorCode | null;
  /** what the toast is about ("search", "roots"): cleared when that succeeds or its view is left */
  scope: string | null;
}

const AUTO_DISMISS_MS = 8000;
/** Errors stay longer than information, but no toast outlives its reader for good. */
const ERROR_DISMISS_MS = 20_000;

/**
 * The one place failures go (Immich keeps the same rule): every caught error becomes a toast
 * with a readable headline for its code and the core's message. Cancellations stay quiet.
 */
export class ErrorHandler {
  toasts = $state<Toast[]>([]);
  #nextId = 1;

  report(error: unknown, scope: string | null = null): void {
    const payload = toErrorPayload(error);
    if (payload.code === 'CANCELLED') return;
    this.#push({ kind: 'error', title: headlineFor(payload.code), message: payload.message, code: payload.code, scope });
  }

  notify(title: string, message = ''): void {
    this.#push({ kind: 'info', title, message, code: null, scope: null });
  }

  /**
   * Runs a call and reports its failure; the caller gets undefined instead of an exception.
   * With a scope, a later success of the same kind of call clears the toast: a fixed query no
   * longer shows "That search could not be understood".
   */
  async attempt<T>(work: () => Promise<T>, scope: string | null = null): Promise<T | undefined> {
    try {
      const result = await work();
      if (scope !== null) this.clear(scope);
      return result;
    } catch (error) {
      this.report(error, scope);
      return undefined;
    }
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  /** Clears the toasts of one scope, or every scoped toast (the view they were about was left). */
  clear(scope?: string): void {
    if (this.toasts.some((toast) => toast.scope !== null && (scope === undefined || toast.scope === scope))) {
      this.toasts = this.toasts.filter((toast) => toast.scope === null || (scope !== undefined && toast.scope !== scope));
    }
  }

  #push(toast: Omit<Toast, 'id'>): void {
    const id = this.#nextId++;
    // The same failure repeated (a broken connection on every call) shows once.
    this.toasts = [...this.toasts.filter((t) => t.message !== toast.message || t.title !== toast.title), { id, ...toast }];
    setTimeout(() => { this.dismiss(id); }, toast.kind === 'info' ? AUTO_DISMISS_MS : ERROR_DISMISS_MS);
  }
}
