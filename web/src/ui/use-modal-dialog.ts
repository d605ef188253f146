// The native <dialog> opened modal for as long as its component is mounted: the browser traps focus
// and puts it in the top layer; Escape asks the owner to close (rather than closing behind React's
// back), and focus goes back to where it was when the dialog leaves.
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(onClose: () => void): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  // Kept in a ref so that a parent re-rendering with a new callback does not reopen the dialog.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const returnTo = document.activeElement;
    dialog.showModal();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
    };
  }, []);
  return ref;
}
