import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChoosePath } from '../contract/page-guard.js';
import { isInside } from '../core/library/supported-files.js';

export interface TerminalChooserOptions {
  /** folders given with `serve --allow DIR`: a path under one needs no question */
  allow: readonly string[];
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** how long a question waits for y/n before it counts as no */
  timeoutMs?: number;
}

const real = (p: string): Promise<string> => realpath(p).catch(() => p);

/**
 * The browser mode's answer to [Note: paths from the page]: a folder the page names is used when it lies
 * under a folder allowed on the command line, or when the person says yes in the terminal that started the
 * server. Without a terminal (stdin not a TTY) nothing else is allowed. One question at a time.
 */
export function terminalChooser(options: TerminalChooserOptions): ChoosePath {
  const allowed = Promise.all(options.allow.map((dir) => real(path.resolve(dir))));
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (question: string): Promise<boolean> => {
    const asked = queue.then(
      () =>
        new Promise<boolean>((resolve) => {
          const rl = createInterface({ input: options.input, output: options.output, terminal: false });
          const timer = setTimeout(() => {
            options.output.write('\n(no answer: refused)\n');
            rl.close();
            resolve(false);
          }, options.timeoutMs ?? 120_000);
          rl.question(question, (answer) => {
            clearTimeout(timer);
            rl.close();
            resolve(/^\s*y(es)?\s*$/i.test(answer));
          });
        }),
    );
    queue = asked.catch(() => undefined);
    return asked;
  };
  return async ({ path: named, purpose }) => {
    const target = path.resolve(named);
    const resolved = await real(target);
    if ((await allowed).some((dir) => isInside(resolved, dir))) return target;
    if (options.input.isTTY !== true) return null;
    const yes = await ask(`\nThe Shoebox page asks to ${purpose}:\n  ${JSON.stringify(target).slice(1, -1)}\nAllow? [y/N] `);
    return yes ? target : null;
  };
}
