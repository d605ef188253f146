// What the drive routes share: the caller's own open drive (never anyone else's: routes look nodes up
// only in it, so a foreign id is simply not found), and how a command's refusal becomes an API error.
import type { CommandError } from '@sheaf/shared/drive/drive-commands';
import { fail, type ApiFailure } from '../http/api-error.js';
import type { Caller } from '../http/mount.js';
import type { DriveHub, OpenDrive } from '../drive/drive-hub.js';
import type { QuotaRefusal } from '../drive/usage.js';
import { formatBytes } from '@sheaf/shared/format-bytes';

export async function callerDrive(hub: DriveHub, caller: Caller): Promise<OpenDrive | ApiFailure> {
  const documentId = hub.driveOf(caller.userId);
  if (documentId === undefined) return fail('not_found', 'this account has no drive');
  const opened = await hub.open(documentId);
  return opened.ok ? opened.value : fail('unavailable', opened.error.message);
}

/**
 * A request that is wrong in itself (a bad name, acting on the drive's root) is 400; one the drive's
 * current state refuses (a cycle, a file where a folder is needed, something in the trash) is 409,
 * since the same request can succeed once the drive has changed.
 */
export function commandFailure(error: CommandError): ApiFailure {
  switch (error.kind) {
    case 'not_found':
      return fail('not_found', error.message);
    case 'invalid_name':
      return fail('bad_request', error.message, { details: [{ path: 'name', message: error.message }] });
    case 'root':
      return fail('bad_request', error.message);
    case 'cycle':
    case 'not_a_folder':
    case 'not_a_file':
    case 'in_trash':
    case 'not_in_trash':
      return fail('conflict', error.message);
  }
}

/** 507 with the figures a person needs to decide what to delete. */
export function quotaFailure(refusal: QuotaRefusal, adding: number): ApiFailure {
  const used = `${formatBytes(refusal.usedBytes)} of your ${formatBytes(refusal.quotaBytes)}`;
  const need =
    adding > 0
      ? `This upload needs ${formatBytes(adding)}, and your drive already uses ${used}`
      : `Your drive uses ${used}`;
  return fail('quota_exceeded', `${need}. Empty the trash or delete files to make room.`);
}
