import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A box that scrolls its wide content (a table, a snippet) sideways instead of widening the page. While the content
 * is wider than the box, the box is a tab stop named `label`, so keyboard users can scroll it with the arrow keys
 * (WCAG 2.1.1); content with controls of its own does not need this, as focusing a control scrolls to it.
 */
export function ScrollBox({ label, class: className = 'table-scroll', children }: { label: string; class?: string; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  // A layout effect: measured before the box is first painted, so it is never shown without its tab stop.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth);
    measure();
    if (typeof ResizeObserver !== 'function') return undefined;
    // The box changes width with the window, its content with the rows in it: either may start or stop the scrolling.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box} class={className} tabIndex={scrolls ? 0 : undefined} role={scrolls ? 'region' : undefined} aria-label={scrolls ? label : undefined}>
      {children}
    </div>
  );
}
