import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Windowing for long lists of fixed-height rows: only the rows in view (and
 * a few either side) are in the DOM, with spacers standing in for the rest,
 * so a list of 10,000 cases scrolls and filters like a list of 30. Written
 * here (40 lines) rather than added as a dependency: rows are fixed-height,
 * which is the easy case.
 */
export interface RowWindow {
  /** First row drawn. */
  readonly first: number;
  /** One past the last row drawn. */
  readonly end: number;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 10): RowWindow {
  const firstInView = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const first = Math.min(rowCount, Math.max(0, firstInView - overscan));
  const end = Math.min(rowCount, firstInView + inView + overscan);
  return { first, end: Math.max(first, end), spaceBefore: first * rowHeight, spaceAfter: (rowCount - Math.max(first, end)) * rowHeight };
}

/** The scroll offset that brings a row fully into view, or null when it already is. */
export function scrollOffsetToShow(row: number, scrollTop: number, viewportHeight: number, rowHeight: number, headerHeight = 0): number | null {
  const top = row * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight + headerHeight > scrollTop + viewportHeight) return top + rowHeight + headerHeight - viewportHeight;
  return null;
}

/** Tracks a scrolling element's offset and height; returns the window and a way to bring a row into view. */
export function useRowWindow(container: RefObject<HTMLElement | null>, rowCount: number, rowHeight: number, headerHeight = 0) {
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 600 });
  // The last measured offset and height, for showRow: reading them from the element right after a
  // commit forces a synchronous layout of the whole page (most of a case open's cost).
  const measured = useRef(viewport);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      measured.current = { scrollTop: element.scrollTop, height: element.clientHeight };
      setViewport(measured.current);
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [container]);
  const showRow = useCallback(
    (row: number) => {
      const element = container.current;
      if (!element) return;
      const { scrollTop, height } = measured.current;
      const offset = scrollOffsetToShow(row, scrollTop, height, rowHeight, headerHeight);
      if (offset !== null) element.scrollTop = offset;
    },
    [container, rowHeight, headerHeight],
  );
  return { window: rowWindow(viewport.scrollTop, viewport.height, rowHeight, rowCount), showRow };
}
