import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { useFocusOnMount } from './rescue-focus.js';

/**
 * A yes-or-cancel question about one irreversible step, in a group named by its title (`title` holds the element
 * with id `titleId`). The focus starts on the yes button, so a keyboard user lands on the decision.
 */
export function ConfirmAction(props: {
  titleId: string;
  title: ComponentChildren;
  yesLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ComponentChildren;
}) {
  const { titleId, title, yesLabel, busy, onConfirm, onCancel, children } = props;
  const yes = useRef<HTMLButtonElement>(null);
  useFocusOnMount(yes);
  return (
    <div class="confirm" role="group" aria-labelledby={titleId}>
      {title}
      {children}
      <div class="actions">
        <button type="button" class="danger" ref={yes} aria-disabled={busy} onClick={() => !busy && onConfirm()}>
          {yesLabel}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
