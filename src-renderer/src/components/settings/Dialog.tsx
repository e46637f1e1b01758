import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog> element: the rest of the page is inert while it is open,
 * Tab cycles inside it, Esc closes it, and focus returns to whatever opened it.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  footer,
  alert = false,
  wide = false,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  footer?: ReactNode;
  /** role="alertdialog": a confirmation that needs an answer. */
  alert?: boolean;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('.u-dialog-body ' + FOCUSABLE) ??
      dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>): void => {
    if (e.key === 'Escape') {
      // Also from a search box, whose own Escape would only clear it.
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const nodes = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (n) => n.offsetParent !== null || n === document.activeElement,
    );
    if (!nodes.length) return;
    const first = nodes[0]!;
    const last = nodes[nodes.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`u-dialog${wide ? ' u-dialog-wide' : ''}`}
      role={alert ? 'alertdialog' : 'dialog'}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCloseRef.current();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="u-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="u-icon-btn" aria-label="Close" onClick={() => onCloseRef.current()}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="u-dialog-body">
        {description ? (
          <div id={descId} className="u-dialog-desc">
            {description}
          </div>
        ) : null}
        {children}
      </div>
      {footer ? <div className="u-dialog-foot">{footer}</div> : null}
    </dialog>
  );
}

/** "Are you sure?" with the consequence spelled out. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  error,
  onConfirm,
  onCancel,
  confirmTestId = 'resolve-confirm',
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  confirmTestId?: string;
}) {
  return (
    <Dialog
      alert
      title={title}
      description={children}
      onClose={onCancel}
      footer={
        <>
          <button
            type="button"
            className="u-btn"
            onClick={onCancel}
            disabled={busy}
            data-autofocus={danger || undefined}
          >
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'u-btn u-btn-danger' : 'u-btn u-btn-primary'}
            onClick={onConfirm}
            disabled={busy}
            data-autofocus={!danger || undefined}
            data-testid={confirmTestId}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      {error ? (
        <p className="u-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
