/** The consent dialog: first layer (banner) and second layer (preference centre), modal with a focus trap. */
import { Component, createRef, type ComponentType } from 'preact';
import type { Layer, UiHost } from './contract.js';
import { focusables, trapTab } from './focus-trap.js';
import type { PreferencesProps } from './preferences.js';

interface Props {
  host: UiHost;
  layer: Layer | null;
  /** The preference centre component, once its chunk has loaded (mount.tsx loads it before showing that layer). */
  preferences: ComponentType<PreferencesProps> | undefined;
  onLayer(layer: Layer): void;
  onClose(): void;
}

// A class component: preact/hooks would add more than a kilobyte to the UI chunk.
export class Dialog extends Component<Props> {
  ref = createRef<HTMLDivElement>();

  /** Focus moves into the dialog (its first button) whenever it opens or changes layer. */
  override componentDidMount(): void {
    this.focusFirst();
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.layer != this.props.layer) this.focusFirst();
  }

  focusFirst(): void {
    if (this.ref.current) focusables(this.ref.current).find((el) => el.tagName == 'BUTTON')?.focus();
  }

  override render({ host, layer, preferences: Preferences, onLayer, onClose }: Props) {
    const ref = this.ref;
    const t = host.texts;
    const scheme = host.config.theme?.scheme || 'auto';
    if (!layer) return null;

    const all = (on: boolean) => Object.fromEntries(host.config.categories.map((c) => [c.id, on]));
    const choose = (method: 'accept-all' | 'reject-all', collection: 'banner' | 'preferences') => {
      host.decide(method, collection, all(method == 'accept-all'));
      onClose();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      trapTab(event, ref.current!);
      // Escape never counts as consent: it closes only when a current choice exists, else goes back to the first layer.
      if (event.key == 'Escape') {
        if (host.hasCurrentChoice()) onClose();
        else onLayer('banner');
      }
    };
    const accent = host.config.theme?.accent;

    return (
      <div class={`cg ${scheme} ${host.config.theme?.position == 'center' ? 'center' : ''}`} style={accent ? `--accent:${accent}` : undefined}>
        <div class="backdrop" />
        <div ref={ref} class="dialog" role="dialog" aria-modal="true" aria-label={t.dialogLabel} aria-describedby="cg-desc" onKeyDown={onKeyDown}>
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
            Preferences && <Preferences host={host} onDone={onClose} onAll={(m) => choose(m, 'preferences')} />
          )}
        </div>
      </div>
    );
  }
}
