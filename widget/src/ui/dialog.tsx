/**
 * The consent dialog: first layer (banner) and second layer (preference centre).
 * A native `<dialog>` opened with `showModal()`: the browser puts it in the top layer above any page content, makes
 * the page behind it inert (focus and the screen-reader cursor stay inside) and draws the backdrop.
 */
import { Component, createRef, Fragment, h, type ComponentType } from 'preact';
import type { WidgetTexts } from '@consentgate/shared/schemas';
import type { Layer, UiHost } from './contract.js';
import type { PreferencesProps } from './preferences.js';

interface Props {
  host: UiHost;
  layer: Layer | null;
  /** The preference centre component, once its chunk has loaded (mount.tsx loads it before showing that layer). */
  preferences: ComponentType<PreferencesProps> | undefined;
  /** Every text, loaded together with the preference centre. */
  texts: WidgetTexts | undefined;
  onLayer(layer: Layer): void;
  onClose(): void;
}

// A class component: preact/hooks would add more than a kilobyte to the UI chunk.
export class Dialog extends Component<Props> {
  ref = createRef<HTMLDialogElement>();

  override componentDidMount(): void {
    this.opened();
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.layer != this.props.layer) this.opened();
  }

  /**
   * Opens the dialog modally and puts focus on the dialog itself whenever it opens or changes layer: not on a choice,
   * so no button looks preselected and Enter decides nothing; Tab goes on to the first control.
   */
  opened(): void {
    const dialog = this.ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.focus();
  }

  /** Tab from the last control goes to the first, Shift+Tab from the first (or the dialog itself) to the last. */
  wrapFocus(event: KeyboardEvent): void {
    const dialog = this.ref.current!;
    const controls = dialog.querySelectorAll<HTMLElement>('button,a[href],input:not([disabled]),summary');
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    const edge = event.shiftKey ? controls[0] : controls[controls.length - 1];
    if (active == edge || (event.shiftKey && active == dialog)) {
      event.preventDefault();
      (event.shiftKey ? controls[controls.length - 1] : controls[0])?.focus();
    }
  }

  override render({ host, layer, preferences: Preferences, texts, onLayer, onClose }: Props) {
    const t = host.texts;
    const theme = host.config.theme;
    if (!layer) return null;

    // decide() allows every category for accept-all; reject-all allows none.
    const choose = (method: 'accept-all' | 'reject-all', collection: 'banner' | 'preferences') => {
      host.decide(method, collection, {});
      onClose();
    };
    // Escape never counts as consent: it closes only when a current choice exists, else goes back to the first layer.
    const escape = () => (host.hasCurrentChoice() ? onClose() : onLayer('banner'));
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key == 'Escape') {
        // preventDefault stops the browser's own close as well.
        event.preventDefault();
        escape();
      } else if (event.key == 'Tab') this.wrapFocus(event);
    };
    // The browser's other ways to close a modal dialog (Escape while focus is outside it, a back gesture) fire
    // `cancel`; where the browser closes it anyway, a dialog still waiting for a choice opens again.
    const onCancel = (event: Event) => {
      event.preventDefault();
      escape();
    };
    const onNativeClose = () => {
      if (!this.props.layer) return;
      if (host.hasCurrentChoice()) onClose();
      else this.opened();
    };

    return (
      <dialog
        ref={this.ref}
        class={`cg ${theme?.scheme || 'auto'} ${theme?.position || ''}`}
        // A site's accent is chosen for white text (ThemeConfig.accent), in the dark scheme too.
        style={theme?.accent ? `--accent:${theme.accent};--on-accent:#fff` : undefined}
        aria-label={t.dialogLabel}
        aria-describedby="cg-desc"
        lang={host.locale}
        // Every language the widget speaks is written left to right, also on a right-to-left page.
        dir="ltr"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onCancel={onCancel}
        onClose={onNativeClose}
      >
        {layer == 'banner' ? (
          <>
            <h2>{t.bannerTitle}</h2>
            <p id="cg-desc">
              {t.bannerDescription}{' '}
              {host.config.policyUrl && <a href={host.config.policyUrl}>{t.privacyPolicy}</a>}
            </p>
            {host.gpcHonoured && <p class="gpc" role="status">{t.gpcHonoured}</p>}
            <div class="actions">
              <button type="button" class="primary" onClick={() => choose('accept-all', 'banner')}>{t.acceptAll}</button>
              <button type="button" class="primary" onClick={() => choose('reject-all', 'banner')}>{t.rejectAll}</button>
              <button type="button" class="secondary" onClick={() => onLayer('preferences')}>{t.managePreferences}</button>
            </div>
          </>
        ) : (
          Preferences && texts && <Preferences host={host} texts={texts} onDone={onClose} onAll={(m) => choose(m, 'preferences')} />
        )}
      </dialog>
    );
  }
}
