import type { ServerResponse } from 'node:http';
import { contentTypeFor, lookupStaticFile } from '../http/static-files.js';
import { sendRefusal, sendThrown } from './responses.js';
import { sendFile } from './send-file.js';

export interface StaticRequest {
  rawPath: string;
  headOnly: boolean;
  /** Headers for the page itself (index.html), such as the token cookie. */
  pageHeaders: Record<string, string>;
}

/** Serves the built renderer over HTTP: see `lookupStaticFile`. */
export async function serveStatic(
  res: ServerResponse,
  staticDir: string,
  request: StaticRequest,
): Promise<void> {
  try {
    const found = await lookupStaticFile(staticDir, request.rawPath);
    switch (found.kind) {
      case 'invalid':
        sendRefusal(res, 400, 'INVALID_INPUT', 'The request path is not a valid URL path.');
        return;
      case 'outside':
        sendRefusal(res, 403, 'FORBIDDEN', 'Only the files of the Shoebox page are served.');
        return;
      case 'missing':
        sendRefusal(res, 404, 'NOT_FOUND', 'That is not part of the Shoebox page.');
        return;
      case 'file':
        await sendFile(res, {
          path: found.path,
          contentType: contentTypeFor(found.path),
          cacheControl: found.cacheControl,
          headOnly: request.headOnly,
          ...(found.isPage ? { extraHeaders: request.pageHeaders } : {}),
        });
    }
  } catch (error) {
    sendThrown(res, error);
  }
}
