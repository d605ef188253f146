// Sheaf's service worker: precaches the app shell of one build and serves it (so the app opens
// with no network), and receives files shared to the installed app. Updates wait: a new worker
// installs beside the old one and activates only when the page asks (the "new version" banner),
// so a page never gets scripts of another build (see the note on precaching below).
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { keepShared, SHARE_PARAM, SHARE_TARGET_PATH } from './share-inbox.js';

declare const self: ServiceWorkerGlobalScope & { readonly __WB_MANIFEST: ReadonlyArray<PrecacheEntry | string> };

// workbox-window's messageSkipWaiting(): the user chose to reload into the new version.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

// Every file of the build, keyed by revision. A waiting worker adds its files beside the old
// ones; the old worker keeps answering from its own entries (index.html included, under its own
// revision) until the new one activates, and only then are the old entries removed. So the page
// and its lazily loaded chunks always come from one build.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Client-side routes get the shell; the API, the sync socket and the share target never do.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/sync/, new RegExp(`^${SHARE_TARGET_PATH}`)],
  }),
);

// The share sheet posts the files here (manifest share_target). They are kept for the page,
// which the redirect opens with the share's id; the page queues their upload.
registerRoute(
  ({ url }) => url.pathname === SHARE_TARGET_PATH,
  async ({ request }) => {
    const form = await request.formData();
    const files = form.getAll('files').filter((entry): entry is File => entry instanceof File && entry.size >= 0);
    if (files.length === 0) return Response.redirect('/', 303);
    const id = crypto.randomUUID();
    await keepShared(self.caches, self.location.origin, id, files);
    return Response.redirect(`/?${SHARE_PARAM}=${id}`, 303);
  },
  'POST',
);

// The first worker takes control of the page that installed it, so a first visit already works
// offline without a reload. Later workers still wait for the user (no skipWaiting here).
clientsClaim();
