import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const de: MoreTexts = {
  savePreferences: 'Auswahl speichern',
  close: 'Schließen',
  preferencesTitle: 'Datenschutz-Einstellungen',
  preferencesDescription: 'Wählen Sie, welche Kategorien und Dienste Sie erlauben. Nichts Optionales ist aktiv, bevor Sie es einschalten.',
  alwaysOn: 'Immer aktiv',
  services: 'Dienste',
  cookies: 'Cookies',
  cookieName: 'Name',
  cookieDuration: 'Laufzeit',
  cookieDescription: 'Zweck',
  history: 'Ihr Einwilligungsverlauf',
  historyEmpty: 'Zu Ihnen sind keine Einwilligungsnachweise gespeichert.',
  downloadJson: 'Als JSON herunterladen',
  downloadCsv: 'Als CSV herunterladen',
  deleteRecords: 'Meine Einwilligungsnachweise löschen',
  deleteConfirm: 'Alle Ihre Einwilligungsnachweise auf unserem Server löschen? Das kann nicht rückgängig gemacht werden. Ihre aktuelle Wahl bleibt in diesem Browser.',
  deleted: 'Ihre Einwilligungsnachweise wurden gelöscht.',
  historyShow: 'Meinen Verlauf anzeigen',
  historyLoadFailed: 'Ihr Verlauf konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  deleteYes: 'Ja, Nachweise löschen',
  cancel: 'Abbrechen',
  downloaded: '{file} heruntergeladen.',
  requestFailed: 'Das hat nicht funktioniert. Bitte versuchen Sie es später erneut.',
  historyEntry: '{method} — erlaubt: {categories}',
  consentId: 'Ihre Einwilligungs-ID: {id}. Nennen Sie sie, wenn Sie uns zu Ihren Einwilligungsnachweisen kontaktieren.',
  methods: { 'accept-all': 'Alle akzeptiert', 'reject-all': 'Alle abgelehnt', custom: 'Eigene Auswahl', gpc: 'Global Privacy Control', withdraw: 'Widerrufen' },
  categories: {
    necessary: { name: 'Notwendig', description: 'Für den Betrieb der Website nötig, etwa um angemeldet zu bleiben oder diese Wahl zu speichern.' },
    preferences: { name: 'Präferenzen', description: 'Speichern Ihre Einstellungen wie Sprache oder Region.' },
    analytics: { name: 'Statistik', description: 'Helfen uns zu verstehen, wie die Website genutzt wird, um sie zu verbessern.' },
    marketing: { name: 'Marketing', description: 'Zeigen passende Angebote, messen Werbung auch auf anderen Websites und aktivieren Chat- und Social-Media-Einbindungen.' },
  },
};
export default de;
