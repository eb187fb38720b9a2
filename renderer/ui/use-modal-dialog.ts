import { useEffect, useRef } from 'react';

/**
 * A native `<dialog>` shown modal while `open` is true (focus moves in, the
 * page behind is inert, Esc asks to close) and closed when it turns false.
 * Returns the ref to put on the `<dialog>`.
 */
export function useModalDialog(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}
