/** "Your consent history" heading and button; the history itself is a separate chunk loaded on that click. */
import { Component, h, type ComponentType } from 'preact';
import type { UiHost } from './contract.js';
import type { WidgetTexts } from '@consentgate/shared/schemas';

type Props = { host: UiHost; texts: WidgetTexts };

export class HistorySection extends Component<Props, { View?: ComponentType<Props>; failed?: boolean }> {
  override render({ host, texts: t }: Props, { View, failed }: { View?: ComponentType<Props>; failed?: boolean }) {
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
        {View ? <View host={host} texts={t} /> : failed ? <p role="alert">{t.historyLoadFailed}</p> : (
          <button type="button" class="secondary" onClick={show}>{t.historyShow}</button>
        )}
      </section>
    );
  }
}
