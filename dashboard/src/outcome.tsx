/** What a screen's last action came to: an error (announced at once) and/or a notice (announced politely). */
export function Outcome({ error, notice }: { error?: string | null | undefined; notice?: string | null | undefined }) {
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
    </>
  );
}
