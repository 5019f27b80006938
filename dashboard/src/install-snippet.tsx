import { CopyButton } from './copy-button.js';
import { ScrollBox } from './scroll-box.js';

/** The tag the site's pages embed, to copy into their HTML (the clipboard may be refused: the text stays selectable). */
export function InstallSnippet({ snippet, open = false }: { snippet: string; open?: boolean }) {
  return (
    <details class="install" open={open}>
      <summary>Install on the site’s pages</summary>
      <p class="hint">
        Put the first line in every page, in <code>&lt;head&gt;</code> or before <code>&lt;/body&gt;</code>; on pages with
        Google’s gtag snippet, first in <code>&lt;head&gt;</code> and without <code>defer</code> (Consent Mode’s default
        must come before any tag). Give each tracking script{' '}
        <code>type="text/plain"</code> and the category it needs, as in the example.
      </p>
      <ScrollBox label="Install snippet, scrollable" class="snippet">
        <pre>
          <code aria-label="Install snippet">{snippet}</code>
        </pre>
      </ScrollBox>
      <div class="actions">
        <CopyButton text={snippet} label="Copy snippet" refused="The browser refused to copy; select the text and copy it yourself." />
      </div>
    </details>
  );
}
