import type { Shell } from 'electron';
import path from 'node:path';
import type { ApiMethod } from '../contract/api.js';
import { errorEnvelope, okEnvelope, type Envelope } from '../contract/envelope.js';
import { AppError, fromErrorPayload } from '../contract/errors.js';
import type { PhotoLocation, TrashReport } from '../contract/trash.js';
import type { CoreHostClient } from './core-client.js';

type Host = Pick<CoreHostClient, 'call'>;

/** The methods the desktop app answers in the main process with the OS, around the core. */
export type SystemActions = Partial<Record<ApiMethod, (host: Host, input: Record<string, unknown>) => Promise<Envelope>>>;

async function value<T>(envelope: Promise<Envelope>): Promise<T> {
  const answer = await envelope;
  if (!answer.ok) throw fromErrorPayload(answer.error);
  return answer.value as T;
}

/**
 * The desktop app trashes photos into the OS trash (`shell.trashItem`, where the person restores them
 * as any file) and shows a photo selected in the file manager (`shell.showItemInFolder`); both live in
 * the main process, so the core (in its utility process) only says where the files are and then drops
 * the rows of the files that are gone. Browser mode and the CLI use the library trash instead
 * ([Note: library trash]). `shell` is passed in, so this runs in plain Node under test.
 */
export function systemActions(shell: Pick<Shell, 'trashItem' | 'showItemInFolder'>): SystemActions {
  return {
    async trashPhotos(host, input) {
      try {
        const located = await value<PhotoLocation[]>(host.call('locatePhotos', { photoIds: input['photoIds'] }));
        const report: TrashReport = { place: 'system', batchId: null, trashed: [], failed: [] };
        for (const photo of located) {
          try {
            await shell.trashItem(photo.path);
            report.trashed.push(photo.id);
          } catch (error) {
            report.failed.push({ photoId: photo.id, path: photo.path, message: error instanceof Error ? error.message : String(error) });
          }
        }
        if (report.trashed.length > 0) await value(host.call('forgetPhotos', { photoIds: report.trashed }));
        return okEnvelope(report);
      } catch (error) {
        return errorEnvelope(error);
      }
    },

    async showInFolder(host, input) {
      try {
        const [photo] = await value<PhotoLocation[]>(host.call('locatePhotos', { photoIds: [input['photoId']] }));
        if (!photo) throw new AppError('NOT_FOUND', `No photo with id ${String(input['photoId'])}.`);
        shell.showItemInFolder(photo.path);
        return okEnvelope({ folder: path.dirname(photo.path), opened: true });
      } catch (error) {
        return errorEnvelope(error);
      }
    },
  };
}
