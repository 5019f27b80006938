import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const de: BannerTexts = {
  dialogLabel: 'Cookie-Einwilligung',
  bannerTitle: 'Ihre Privatsphäre ist uns wichtig',
  bannerDescription:
    'Wir verwenden Cookies und ähnliche Technologien. Notwendige halten die Website funktionsfähig. Mit Ihrer Einwilligung nutzen wir sie auch, um Einstellungen zu speichern, Besuche zu messen und passende Werbung zu zeigen. Sie können Ihre Wahl jederzeit ändern.',
  acceptAll: 'Alle akzeptieren',
  rejectAll: 'Alle ablehnen',
  managePreferences: 'Einstellungen verwalten',
  privacyPolicy: 'Datenschutzerklärung',
  gpcHonoured: 'Ihr Browser hat ein Global-Privacy-Control-Signal gesendet; die betroffenen Kategorien sind daher ausgeschaltet. Sie können sie hier dennoch einschalten.',
  iframePlaceholder: 'Dieser Inhalt von {service} ist blockiert, bis Sie ihn erlauben.',
  iframeAllow: 'Erlauben',
};
export default de;
