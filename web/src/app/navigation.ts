// Which view is shown, kept in the URL hash so that reload, back and forward keep the place:
// '#/' is My Drive, '#/folder/<id>' a folder, '#/trash' the trash.
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import { createStore, type Store } from '../lib/store.js';

export type Route = { readonly view: 'folder'; readonly folder: NodeId } | { readonly view: 'trash' };

export type Navigation = {
  readonly route: Store<Route>;
  readonly go: (route: Route) => void;
};

export function parseRoute(hash: string): Route {
  if (hash === '#/trash') return { view: 'trash' };
  const match = /^#\/folder\/(.+)$/.exec(hash);
  const folder = NodeId.safeParse(match?.[1]);
  return { view: 'folder', folder: folder.success ? folder.data : ROOT };
}

export function routeHash(route: Route): string {
  if (route.view === 'trash') return '#/trash';
  return route.folder === ROOT ? '#/' : `#/folder/${route.folder}`;
}

const sameRoute = (a: Route, b: Route): boolean => routeHash(a) === routeHash(b);

export function createNavigation(win: Pick<Window, 'location' | 'addEventListener'>): Navigation {
  const route = createStore<Route>(parseRoute(win.location.hash));
  win.addEventListener('hashchange', () => {
    const next = parseRoute(win.location.hash);
    if (!sameRoute(next, route.get())) route.set(next);
  });
  return {
    route,
    go(next) {
      if (sameRoute(next, route.get())) return;
      route.set(next);
      win.location.hash = routeHash(next);
    },
  };
}
