// A modal dialog on the native <dialog>: the browser traps focus, closes on Escape and puts it in
// the top layer; this adds the title bar, the close button and closing on a backdrop click.
import { useId, type MouseEvent, type ReactNode } from 'react';
import { CloseIcon } from './icons.js';
import { useModalDialog } from './use-modal-dialog.js';

type DialogProps = {
  readonly title: ReactNode;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly size?: 'small' | 'medium' | 'large';
  readonly className?: string;
};

export function Dialog({ title, onClose, children, footer, size = 'medium', className }: DialogProps): ReactNode {
  const ref = useModalDialog(onClose);
  const titleId = useId();

  // A click on the dialog element itself (not its content) is a click on the backdrop.
  const onClick = (event: MouseEvent<HTMLDialogElement>): void => {
    if (event.target === event.currentTarget) onClose();
  };

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}${className === undefined ? '' : ` ${className}`}`}
      aria-labelledby={titleId}
      onClick={onClick}
    >
      <div className="dialog-frame">
        <header className="dialog-header">
          <h2 className="dialog-title" id={titleId}>
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <CloseIcon size={18} />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer === undefined ? null : <footer className="dialog-footer">{footer}</footer>}
      </div>
    </dialog>
  );
}

type ConfirmProps = {
  readonly title: string;
  readonly message: ReactNode;
  readonly confirmLabel: string;
  /** 'danger' (the default) for what cannot be undone; 'primary' for a plain confirmation. */
  readonly tone?: 'danger' | 'primary';
  readonly onConfirm: () => void;
  readonly onClose: () => void;
  /** Choices or warnings shown under the message. */
  readonly children?: ReactNode;
};

/** "Are you sure?": Cancel has the focus, and the confirming button says what will happen. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  tone = 'danger',
  onConfirm,
  onClose,
  children,
}: ConfirmProps): ReactNode {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      size="small"
      footer={
        <>
          <button type="button" className="button secondary" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={`button ${tone}`}
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-body">
        <p className="dialog-text">{message}</p>
        {children}
      </div>
    </Dialog>
  );
}
