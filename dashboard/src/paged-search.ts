/**
 * State of a filtered list that the server answers page by page (receipts, audit entries): the filters of the list
 * shown, its items, the next page's cursor, busy and error. `load(filters, null)` starts a new list, `load(filters,
 * cursor)` appends the next page; `refuse(message)` reports a search that cannot run; `clear()` goes back to no search
 * at all. The status line (`statusRef`) takes focus when "Load more" disappears.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './format.js';
import { fillForm, showFilters } from './route.js';
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
  /** The request under way (its filters and cursor), so an answer that came too late is dropped. */
  const running = useRef<string | null>(null);
  // "Load more" disappears after the last page: focus goes to the count, not back to the top of the page.
  useRescueFocus(statusRef, [busy, items.length]);

  /** No list, so the previous search's results are not taken for another's; `message` says why, if there is a reason. */
  const showNone = (message: string | null) => {
    setError(message);
    setItems([]);
    setCursor(null);
    setFilters(null);
  };

  /** A search that could not run: its message, and no list; an answer to an earlier request still under way is dropped. */
  const refuse = (message: string | null) => {
    running.current = null;
    setBusy(false);
    showNone(message);
  };

  /** Back to no search at all (the screen's address without filters). */
  const clear = () => refuse(null);

  const load = async (f: F, after: string | null) => {
    const request = JSON.stringify([f, after]);
    // Buttons stay enabled while busy (a disabled button drops keyboard focus): a second press, or a next page while
    // another request runs, is ignored here. Other filters (Back/Forward) take over from the search under way.
    if (request === running.current || (after && running.current)) return;
    running.current = request;
    setBusy(true);
    setError(null);
    try {
      const page = await fetchPage(f, after);
      if (running.current !== request) return;
      setItems((list) => (after ? [...list, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setFilters(f);
    } catch (err) {
      if (running.current !== request) return;
      // A failed next page keeps the pages already shown; a failed new search shows none.
      if (after) setError(errorText(err));
      else showNone(errorText(err));
    } finally {
      if (running.current === request) {
        running.current = null;
        setBusy(false);
      }
    }
  };

  return { filters, items, cursor, error, setError, refuse, clear, busy, statusRef, load };
}

/**
 * Keeps a paged search in line with the address, which names its filters (`named`; null: no search). On opening a
 * link and after Back/Forward the form says them and their list is shown. Returns `show`, which runs a search as a
 * new address (Back returns to the filters before), or runs it again when the address names it already.
 */
export function useAddressSearch<F extends object>(
  search: Pick<ReturnType<typeof usePagedSearch<F, unknown>>, 'load' | 'clear'>,
  named: F | null,
  empty: F,
  formRef: RefObject<HTMLFormElement>,
): (filters: F) => void {
  const key = JSON.stringify(named);
  useEffect(() => {
    fillForm(formRef.current, { ...(named ?? empty) } as Record<string, string>);
    if (named) void search.load(named, null);
    else search.clear();
  }, [key]);
  return (f: F) => {
    if (!showFilters({ ...f } as Record<string, string>)) void search.load(f, null);
  };
}
