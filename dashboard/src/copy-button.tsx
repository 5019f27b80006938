import { useState } from 'preact/hooks';

/**
 * A button that copies `text` and says, politely, whether it worked. The clipboard may refuse, or be missing outside
 * secure contexts (a plain-http dashboard): `refused` then tells the user how to copy it themselves.
 */
export function CopyButton({ text, label, refused, onRefused }: { text: string; label: string; refused: string; onRefused?(): void }) {
  const [status, setStatus] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied.');
    } catch {
      onRefused?.();
      setStatus(refused);
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" class="muted">
        {status}
      </span>
    </>
  );
}
