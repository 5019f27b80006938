/**
 * State of a filtered list that the server answers page by page (receipts, audit entries): the filters of the list
 * shown, its items, the next page's cursor, busy and error. `load(filters, null)` starts a new list, `load(filters,
 * cursor)` appends the next page; `refuse(message)` reports a search that cannot run. The status line (`statusRef`) takes focus when "Load more" disappears.
 */
import { useRef, useState } from 'preact/hooks';
import { errorText } from './format.js';
import { useRescueFocus } from './rescue-focus.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function usePagedSearch<F, T>(fetchPage: (filters: F, cursor: string | null) => Promise<Page<T>>) {
  const [filters, setFilters] = useState<F | null>(null);
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  // "Load more" disappears after the last page: focus goes to the count, not back to the top of the page.
  useRescueFocus(statusRef, [busy, items.length]);

  /** A search that could not run: its message, and no list, so the previous search's results are not taken for its own. */
  const refuse = (message: string) => {
    setError(message);
    setItems([]);
    setCursor(null);
    setFilters(null);
  };

  const load = async (f: F, after: string | null) => {
    // Buttons stay enabled while busy (a disabled button drops keyboard focus); a second press is ignored here.
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const page = await fetchPage(f, after);
      setItems((list) => (after ? [...list, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setFilters(f);
    } catch (err) {
      // A failed next page keeps the pages already shown; a failed new search shows none.
      if (after) setError(errorText(err));
      else refuse(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return { filters, items, cursor, error, setError, refuse, busy, statusRef, load };
}
