/** The UI chunk: renders the consent dialog into an open shadow root (styles stay inside it). */
import { render } from 'preact';
import css from './styles.css?inline';
import { Dialog } from './dialog.js';
import type { Layer, UiHandle, UiHost } from './contract.js';

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
  const draw = (layer: Layer | null) => render(<Dialog host={host} layer={layer} onLayer={open} onClose={close} />, container);

  function open(layer: Layer): void {
    if (!returnFocus) {
      const active = document.activeElement;
      returnFocus = active instanceof HTMLElement && active != document.body && active != element ? active : null;
    }
    draw(layer);
  }

  function close(): void {
    draw(null);
    returnFocus?.focus();
    returnFocus = null;
    host.closed();
  }

  return { open, close };
}
