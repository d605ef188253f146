// Files that reach Sheaf from outside the page: shared from another app through the system's
// share sheet (the service worker keeps them and opens "/?share=<id>"), opened with the
// installed app (file_handlers, through `window.launchQueue`), or the "Upload files" shortcut
// ("/?action=upload"). Opened files are queued for upload into the folder shown, at once and
// offline too, with a toast that says where they went. Shared files wait for the user's "Upload":
// any site can POST a form to the share target (a navigation the service worker takes just like the
// share sheet's), and that must not put files in someone's drive unasked.
import type { NodeId } from '@sheaf/shared/drive/node-id';
import { SHARE_PARAM, sharedNames, takeShared } from '../sw/share-inbox.js';
import type { Toasts } from './toasts.js';

/** What Chromium hands a launched app (File Handling API); not yet in TypeScript's DOM types. */
export type LaunchParams = {
  readonly targetURL?: string;
  readonly files: ReadonlyArray<{ readonly kind: string; getFile?: () => Promise<File> }>;
};
export type LaunchQueue = { setConsumer(consumer: (params: LaunchParams) => void): void };

export const UPLOAD_ACTION = 'upload';

export type LaunchIntakeDeps = {
  readonly location: Pick<Location, 'href' | 'origin'>;
  readonly replaceUrl: (url: string) => void;
  readonly caches: CacheStorage | undefined;
  readonly launchQueue: LaunchQueue | undefined;
  /** Resolves once the drive is open, so that uploads can be placed. */
  readonly ready: () => Promise<void>;
  readonly uploadInto: () => { readonly folder: NodeId; readonly name: string };
  readonly upload: (files: readonly File[], folder: NodeId) => void;
  /** Lets the user pick files (a click on the toast's button gives the picker its user gesture). */
  readonly pickFiles: (onPicked: (files: readonly File[]) => void) => void;
  readonly toasts: Pick<Toasts, 'info' | 'error' | 'ask'>;
};

const describeFiles = (files: readonly { readonly name: string }[]): string =>
  files.length === 1 ? `“${files[0]?.name ?? 'file'}”` : `${files.length} files`;

export function startLaunchIntake(deps: LaunchIntakeDeps): void {
  const queue = (files: readonly File[], how: string): void => {
    if (files.length === 0) return;
    const target = deps.uploadInto();
    deps.upload(files, target.folder);
    deps.toasts.info(`${how} ${describeFiles(files)}: uploading to ${target.name}`);
  };
  const offerPicker = (): void =>
    deps.toasts.info('Choose the files to upload', {
      label: 'Choose files',
      run: () => deps.pickFiles((files) => queue(files, 'Adding')),
    });

  const url = new URL(deps.location.href);
  const shareId = url.searchParams.get(SHARE_PARAM);
  const action = url.searchParams.get('action');
  if (shareId !== null || action !== null) {
    // Reloading must not take the same share twice or offer the picker again.
    url.searchParams.delete(SHARE_PARAM);
    url.searchParams.delete('action');
    deps.replaceUrl(url.pathname + url.search + url.hash);
  }
  if (shareId !== null && deps.caches !== undefined) {
    const caches = deps.caches;
    const failed = (error: unknown): void => {
      console.warn('Sheaf: could not take the shared files', error);
      deps.toasts.error('The shared files could not be read. Share them again.');
    };
    void (async () => {
      await deps.ready();
      const names = await sharedNames(caches, deps.location.origin, shareId);
      if (names.length === 0) return;
      deps.toasts.ask(
        `Shared ${describeFiles(names.map((name) => ({ name })))}: upload to ${deps.uploadInto().name}?`,
        {
          label: 'Upload',
          run: () =>
            void takeShared(caches, deps.location.origin, shareId).then((files) => queue(files, 'Shared'), failed),
        },
      );
    })().catch(failed);
  }
  if (action === UPLOAD_ACTION) void deps.ready().then(offerPicker);

  deps.launchQueue?.setConsumer((params) => {
    void (async () => {
      const reads = params.files.flatMap((handle) =>
        handle.kind === 'file' && handle.getFile !== undefined ? [handle.getFile()] : [],
      );
      if (reads.length > 0) {
        const files = await Promise.all(reads);
        await deps.ready();
        queue(files, 'Opened');
        return;
      }
      // A shortcut opened in a window already running arrives here instead of as a navigation.
      if (params.targetURL !== undefined && new URL(params.targetURL).searchParams.get('action') === UPLOAD_ACTION) {
        await deps.ready();
        offerPicker();
      }
    })().catch((error: unknown) => {
      console.warn('Sheaf: could not open the launched files', error);
      deps.toasts.error('The files could not be opened. Try again, or upload them from My Drive.');
    });
  });
}

/** A hidden file input, clicked from a user gesture: the browser's own picker. */
export function filePicker(doc: Document): (onPicked: (files: readonly File[]) => void) => void {
  return (onPicked) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.hidden = true;
    input.addEventListener('change', () => {
      onPicked([...(input.files ?? [])]);
      input.remove();
    });
    doc.body.append(input);
    input.click();
  };
}
