import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

/** Whether the element's content is wider or taller than the element, i.e. it scrolls. */
function useScrolls(ref: RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () =>
      setScrolls(element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}

/**
 * The scroll box of a wide or long table (sideways on narrow screens; a client may also cap its
 * height, as the admin client does under a sticky header row). While it scrolls, keyboard users must reach it to scroll it
 * (WCAG 2.1.1): it is then a tab stop, named by the table's caption; otherwise it is no stop at all.
 */
function TableScroll(props: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const scrolls = useScrolls(ref);
  return (
    <div
      ref={ref}
      className="table-scroll"
      {...(scrolls ? { tabIndex: 0, role: 'group', 'aria-label': props.label } : {})}
    >
      {props.children}
    </div>
  );
}

/**
 * A value that is one short token (a time, an amount, a count, a state's word): it stays on one line,
 * and its column is as wide as it needs (no timestamp folded over four lines); longer text wraps.
 * Spaces break a value into words; a no-break space (as in the admin client's timestamps) does not.
 */
function atomic(value: ReactNode): boolean {
  return typeof value === 'number' || (typeof value === 'string' && value.length <= 24 && !/[ \t\n]/.test(value));
}

/** A data table that scrolls in its own box (sideways on narrow screens) instead of breaking the page. */
export function DataTable<Row>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}) {
  const { t } = useTranslation();
  if (props.rows.length === 0) return <p className="empty">{t('common.empty')}</p>;
  return (
    <TableScroll label={props.caption}>
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) => {
                const value = column.cell(row);
                return (
                  <td key={column.header} data-label={column.header} className={atomic(value) ? 'nowrap' : undefined}>
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
