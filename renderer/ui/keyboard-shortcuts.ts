/**
 * The workspace's keyboard shortcuts, in one list: the `?` help shows it and
 * the workspace and review form act on it, so the help cannot drift from
 * what the keys do. Single-key shortcuts act only when the focus is not in a
 * text field, so typing a rationale never jumps to another case.
 */
export type ShortcutAction = 'nextCase' | 'previousCase' | 'focusSearch' | 'focusForm' | 'showShortcuts' | 'submitAndNext' | 'chooseOption';

export interface ShortcutHelp {
  readonly keys: string;
  readonly does: string;
}

export const SHORTCUT_HELP: readonly ShortcutHelp[] = [
  { keys: 'J or Alt+↓', does: 'Next case in the list' },
  { keys: 'K or Alt+↑', does: 'Previous case in the list' },
  { keys: '/', does: 'Search cases' },
  { keys: 'E', does: 'Go to the first question of the review form' },
  { keys: '1 – 9', does: 'Choose that option of the focused question' },
  { keys: 'Tab / Shift+Tab', does: 'Next / previous question or control' },
  { keys: 'Ctrl+Enter', does: 'Submit the outcome and go to the next case' },
  { keys: '?', does: 'Show these shortcuts' },
  { keys: 'Esc', does: 'Close this list' },
];

export interface KeyPress {
  readonly key: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  /** The focus is in a field that takes typed text. */
  readonly inTextField: boolean;
}

export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if ((press.ctrlKey || press.metaKey) && press.key === 'Enter') return 'submitAndNext';
  if (press.altKey && !press.ctrlKey && !press.metaKey) {
    if (press.key === 'ArrowDown') return 'nextCase';
    if (press.key === 'ArrowUp') return 'previousCase';
    return null;
  }
  if (press.inTextField || press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case 'j':
    case 'J':
      return 'nextCase';
    case 'k':
    case 'K':
      return 'previousCase';
    case '/':
      return 'focusSearch';
    case 'e':
    case 'E':
      return 'focusForm';
    case '?':
      return 'showShortcuts';
  }
  return /^[1-9]$/.test(press.key) ? 'chooseOption' : null;
}

/** Whether an element takes typed text (where single-key shortcuts must not fire). */
export function isTextField(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  if (element instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(element.type);
  return false;
}

/** Where the next / previous key lands in a list, staying at its ends; from nothing, the first entry. */
export function steppedIndex(current: number, length: number, step: 1 | -1): number | null {
  if (length === 0) return null;
  if (current < 0) return step === 1 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + step));
}
