/** Every text of the UI: the site-overridable WidgetTexts plus a few UI-only phrases. Types only. */
import type { WidgetTexts } from '@consentgate/shared/schemas';

export interface UiTexts extends WidgetTexts {
  historyShow: string;
  historyLoadFailed: string;
  deleteYes: string;
  cancel: string;
  downloaded: string;
  methods: Record<string, string>;
}
