// Files handed to Sheaf by the system's share sheet wait here between the service worker, which
// receives the share as a POST it has to answer at once, and the page it redirects to, which
// queues their upload. Cache API rather than IndexedDB: both sides have it, it stores a File's
// bytes without a copy in memory, and entries are plain URLs that one share's id groups.

/** The cache both sides open; the page deletes each share's entries once it has queued them. */
export const SHARE_CACHE = 'sheaf-share-inbox';
/** The path the manifest's share_target posts to. */
export const SHARE_TARGET_PATH = '/share-target';
/** The query parameter of the page the worker redirects to: the share's id. */
export const SHARE_PARAM = 'share';

const NAME_HEADER = 'x-sheaf-file-name';
const entryUrl = (origin: string, id: string, index: number): string =>
  `${origin}/__share-inbox/${encodeURIComponent(id)}/${index}`;

/** Keeps `files` under `id`; answers how many were kept. */
export async function keepShared(
  caches: CacheStorage,
  origin: string,
  id: string,
  files: readonly File[],
): Promise<number> {
  const cache = await caches.open(SHARE_CACHE);
  await Promise.all(
    files.map((file, index) =>
      cache.put(
        entryUrl(origin, id, index),
        new Response(file, {
          headers: {
            'content-type': file.type || 'application/octet-stream',
            // Header values are Latin-1: the name is URI-encoded so that any name survives.
            [NAME_HEADER]: encodeURIComponent(file.name),
            'last-modified': new Date(file.lastModified).toUTCString(),
          },
        }),
      ),
    ),
  );
  return files.length;
}

/** The names of the files kept under `id`, left in the inbox. */
export async function sharedNames(caches: CacheStorage, origin: string, id: string): Promise<string[]> {
  const cache = await caches.open(SHARE_CACHE);
  const names: string[] = [];
  for (const request of await sharedRequests(cache, origin, id)) {
    const response = await cache.match(request);
    if (response !== undefined) names.push(nameOf(response));
  }
  return names;
}

const sharedRequests = async (cache: Cache, origin: string, id: string): Promise<Request[]> => {
  const prefix = entryUrl(origin, id, 0).replace(/0$/, '');
  return (await cache.keys()).filter((request) => request.url.startsWith(prefix));
};

const nameOf = (response: Response): string => decodeURIComponent(response.headers.get(NAME_HEADER) ?? 'Shared file');

/** The files kept under `id`, removed from the inbox as they are taken. */
export async function takeShared(caches: CacheStorage, origin: string, id: string): Promise<File[]> {
  const cache = await caches.open(SHARE_CACHE);
  const files: File[] = [];
  for (const request of await sharedRequests(cache, origin, id)) {
    const response = await cache.match(request);
    if (response === undefined) continue;
    const name = nameOf(response);
    const modified = Date.parse(response.headers.get('last-modified') ?? '');
    files.push(
      new File([await response.blob()], name, {
        type: response.headers.get('content-type') ?? '',
        ...(Number.isNaN(modified) ? {} : { lastModified: modified }),
      }),
    );
    await cache.delete(request);
  }
  return files;
}
