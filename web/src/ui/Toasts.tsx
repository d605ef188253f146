// The toast stack: what just happened, with Undo where it applies, and readable errors.
import type { ReactNode } from 'react';
import type { Toasts as ToastStore } from '../app/toasts.js';
import { useStore } from '../app/use-store.js';
import { AlertIcon, CheckIcon, CloseIcon } from './icons.js';

export function Toasts({ toasts }: { readonly toasts: ToastStore }): ReactNode {
  const list = useStore(toasts.list);
  return (
    <div className="toast-stack" aria-live="polite">
      {list.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
        >
          {toast.tone === 'error' ? <AlertIcon size={18} /> : <CheckIcon size={18} />}
          <span className="toast-message">{toast.message}</span>
          {toast.action === undefined ? null : (
            <button
              type="button"
              className="button small toast-action"
              onClick={() => {
                toast.action?.run();
                toasts.dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => toasts.dismiss(toast.id)}>
            <CloseIcon size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
