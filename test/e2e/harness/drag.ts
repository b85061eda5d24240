import type { Page } from 'playwright-core';

/** The two browser classes the drop needs, typed here because the tests compile without the DOM library. */
interface BrowserScope {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
}

/**
 * Drops a file on the page the way a person drags one from the file manager: a real DataTransfer
 * holding a real File, built in the page, carried by dragenter, dragover and drop events.
 */
export async function dropFile(page: Page, file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, base64 }) => {
      const scope = globalThis as unknown as BrowserScope;
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new scope.DataTransfer();
      transfer.items.add(new scope.File([bytes], name, { type }));
      return transfer;
    },
    { name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
  for (const event of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', event, { dataTransfer });
  await dataTransfer.dispose();
}
