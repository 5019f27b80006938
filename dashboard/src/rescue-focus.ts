import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * When the control a keyboard user was on disappears (a button removed, a form re-mounted), browsers drop focus to
 * <body> and the user must start again from the top (WCAG 2.4.3). After each change of `deps`, this moves focus that
 * was lost that way to `target`, and leaves it alone when it is anywhere else.
 */
export function useRescueFocus(target: RefObject<HTMLElement>, deps: readonly unknown[]): void {
  useEffect(() => {
    const active = document.activeElement;
    if ((active === null || active === document.body) && target.current) target.current.focus();
  }, deps);
}

/** Moves focus to `ref` when the component appears (a panel or confirmation opening), so keyboard users land inside it. */
export function useFocusOnMount(ref: RefObject<HTMLElement>): void {
  useEffect(() => ref.current?.focus(), []);
}
