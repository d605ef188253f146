// "A new version is ready": shown while a new service worker waits, until reload or dismissal.
import type { ReactNode } from 'react';
import { useStore } from '../app/use-store.js';
import type { PwaUpdate } from '../pwa.js';
import { CloseIcon, RefreshIcon } from './icons.js';

export function UpdateBanner({ pwa }: { readonly pwa: PwaUpdate }): ReactNode {
  const ready = useStore(pwa.updateReady);
  if (!ready) return null;
  return (
    <div className="toast-stack is-top">
      <div className="toast" role="status">
        <RefreshIcon size={18} />
        <span>A new version is ready</span>
        <button type="button" className="button primary small" onClick={pwa.reload}>
          Reload
        </button>
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={pwa.dismiss}>
          <CloseIcon size={16} />
        </button>
      </div>
    </div>
  );
}
