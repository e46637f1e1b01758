import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: 'left' | 'right' | 'center';
  /** Extra class on the column's cells (e.g. `nowrap`, `mono`, `wrap`). */
  className?: string;
}

const INTERACTIVE = 'a, button, input, select, textarea, summary, label, [role="button"]';

/**
 * A table with a sticky header. With `onRowActivate`, rows are keyboard reachable: Tab to a row,
 * ↑/↓ (Home/End) to move, Enter or Space to open it; a click anywhere on the row opens it too
 * (clicks on links or buttons inside a cell keep their own meaning).
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  onRowActivate,
  rowTestId,
  rowLabel,
  rowClassName,
  busy,
  empty,
  maxHeight = 'tall',
  testId,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** Says what the table lists (read by screen readers; not shown). */
  caption: string;
  onRowActivate?: (row: T) => void;
  rowTestId?: (row: T) => string;
  /** What activating the row does, e.g. "Open order 1001". */
  rowLabel?: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  /** A reload is running: the rows dim and the table says it is busy. */
  busy?: boolean;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  maxHeight?: 'tall' | 'short' | 'none';
  testId?: string;
}) {
  if (rows.length === 0 && empty) return <>{empty}</>;

  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, row: T) => {
    if (e.target !== e.currentTarget) return;
    const tr = e.currentTarget;
    let next: Element | null = null;
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault();
        onRowActivate?.(row);
        return;
      case 'ArrowDown':
        next = tr.nextElementSibling;
        break;
      case 'ArrowUp':
        next = tr.previousElementSibling;
        break;
      case 'Home':
        next = tr.parentElement?.firstElementChild ?? null;
        break;
      case 'End':
        next = tr.parentElement?.lastElementChild ?? null;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next instanceof HTMLElement) next.focus();
  };

  const onClick = (e: MouseEvent<HTMLTableRowElement>, row: T) => {
    const target = e.target as Element;
    if (target.closest(INTERACTIVE) && target.closest(INTERACTIVE) !== e.currentTarget) return;
    if (window.getSelection()?.toString()) return; // selecting text to copy is not a click
    onRowActivate?.(row);
  };

  return (
    <div className={`table-scroll table-${maxHeight}${busy ? ' is-busy' : ''}`} data-testid={testId}>
      <table className="data-table" aria-busy={busy || undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`align-${c.align ?? 'left'} ${c.className ?? ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={
                `${onRowActivate ? 'row-action' : ''} ${rowClassName?.(row) ?? ''}`.trim() || undefined
              }
              tabIndex={onRowActivate ? 0 : undefined}
              aria-label={onRowActivate && rowLabel ? rowLabel(row) : undefined}
              onClick={onRowActivate ? (e) => onClick(e, row) : undefined}
              onKeyDown={onRowActivate ? (e) => onKeyDown(e, row) : undefined}
              data-testid={rowTestId?.(row)}
            >
              {columns.map((c) => (
                <td key={c.key} className={`align-${c.align ?? 'left'} ${c.className ?? ''}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
