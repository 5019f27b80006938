/**
 * While a screen holds unsaved edits, leaving it asks first: a link or tab inside the dashboard, back/forward (through
 * the route's leave guard), and a reload, closed tab or typed address (the browser's own beforeunload prompt).
 */
import { useLayoutEffect } from 'preact/hooks';
import { setLeaveGuard } from './route.js';

export function useLeaveWarning(unsaved: boolean, question: string): void {
  // A layout effect: in place as soon as the edit is rendered, not a frame later, so a quick Back still asks.
  useLayoutEffect(() => {
    if (!unsaved) return undefined;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    setLeaveGuard(() => window.confirm(question));
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      setLeaveGuard(null);
    };
  }, [unsaved, question]);
}
