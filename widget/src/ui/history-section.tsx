/** "Your consent history" heading and button; the history itself is a separate chunk loaded on that click. */
import { Component, type ComponentType } from 'preact';
import type { UiHost } from './contract.js';

export class HistorySection extends Component<{ host: UiHost }, { View?: ComponentType<{ host: UiHost }>; failed?: boolean }> {
  override render({ host }: { host: UiHost }, { View, failed }: { View?: ComponentType<{ host: UiHost }>; failed?: boolean }) {
    const t = host.texts;
    const show = () =>
      import('./history.js').then(
        (m) => this.setState({ View: m.History }),
        (error: unknown) => {
          console.error(error);
          this.setState({ failed: true });
        },
      );
    return (
      <section class="history" aria-labelledby="cg-history">
        <h3 id="cg-history">{t.history}</h3>
        {View ? <View host={host} /> : failed ? <p role="alert">{t.historyLoadFailed}</p> : (
          <button type="button" class="secondary" onClick={show}>{t.historyShow}</button>
        )}
      </section>
    );
  }
}
