import { useRef } from 'preact/hooks';
import { useRescueFocus } from './rescue-focus.js';

/**
 * What a screen's last action came to: an error (announced at once) and/or a notice (announced politely). When the
 * action removed the control the user was on, focus moves to the message.
 */
export function Outcome({ error, notice }: { error?: string | null | undefined; notice?: string | null | undefined }) {
  const errorRef = useRef<HTMLParagraphElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useRescueFocus(errorRef, [error]);
  useRescueFocus(noticeRef, [notice]);
  return (
    <>
      {error && (
        <p class="error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
      )}
    </>
  );
}
