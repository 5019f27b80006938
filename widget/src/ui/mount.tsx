/**
 * The UI chunk: renders the consent dialog into an open shadow root (styles stay inside it).
 * The preference centre is a chunk of its own, fetched when the visitor first asks for it, so a visitor who only
 * answers the banner downloads just the first layer.
 */
import { h, render, type ComponentType } from 'preact';
import css from './styles.css?inline';
import { Dialog } from './dialog.js';
import type { Layer, UiHandle, UiHost } from './contract.js';
import type { PreferencesProps } from './preferences.js';
import type { WidgetTexts } from '@consentgate/shared/schemas';

export function mount(host: UiHost): UiHandle {
  const element = document.createElement('div');
  element.setAttribute('data-consentgate', '');
  const root = element.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  if (host.nonce) style.nonce = host.nonce;
  style.textContent = css;
  const container = document.createElement('div');
  root.append(style, container);
  document.body.append(element);

  let returnFocus: HTMLElement | null = null;
  let shown: Layer | null = null;
  let preferences: ComponentType<PreferencesProps> | undefined;
  let texts: WidgetTexts | undefined;
  const draw = (layer: Layer | null) =>
    render(<Dialog host={host} layer={layer} preferences={preferences} texts={texts} onLayer={open} onClose={close} />, container);

  function open(layer: Layer): void {
    // 'show' is told once per opening: a move between layers, or show() while open, is not another one.
    if (!shown) host.shown();
    shown = layer;
    if (!returnFocus) {
      const active = document.activeElement;
      returnFocus = active instanceof HTMLElement && active != document.body && active != element ? active : null;
    }
    if (layer == 'preferences' && !preferences) {
      Promise.all([import('./preferences.js'), host.allTexts()]).then(([m, all]) => {
        preferences = m.Preferences;
        texts = all;
        style.textContent += m.css;
        if (shown == layer) draw(layer);
      }, (error: unknown) => console.error('ConsentGate: the preference centre failed to load', error));
      return;
    }
    draw(layer);
  }

  /** Closes the dialog if it is open (a choice made through the API closes it too). */
  function close(): void {
    if (!shown) return;
    shown = null;
    draw(null);
    returnFocus?.focus();
    returnFocus = null;
    host.closed();
  }

  return { open, close };
}
