import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const nl: MoreTexts = {
  savePreferences: 'Voorkeuren opslaan',
  close: 'Sluiten',
  preferencesTitle: 'Privacyvoorkeuren',
  preferencesDescription: 'Kies welke categorieën en diensten u toestaat. Niets optioneels staat aan tot u het aanzet.',
  alwaysOn: 'Altijd aan',
  services: 'Diensten',
  cookies: 'Cookies',
  cookieName: 'Naam',
  cookieDuration: 'Looptijd',
  cookieDescription: 'Doel',
  history: 'Uw toestemmingsgeschiedenis',
  historyEmpty: 'Er zijn geen toestemmingsgegevens van u opgeslagen.',
  downloadJson: 'Downloaden als JSON',
  downloadCsv: 'Downloaden als CSV',
  deleteRecords: 'Mijn toestemmingsgegevens verwijderen',
  deleteConfirm: 'Al uw toestemmingsgegevens op onze server verwijderen? Dit kan niet ongedaan worden gemaakt. Uw huidige keuze blijft in deze browser.',
  deleted: 'Uw toestemmingsgegevens zijn verwijderd.',
  historyShow: 'Mijn geschiedenis tonen',
  historyLoadFailed: 'Uw geschiedenis kon niet worden geladen. Probeer het later opnieuw.',
  deleteYes: 'Ja, verwijderen',
  cancel: 'Annuleren',
  downloaded: '{file} gedownload.',
  requestFailed: 'Dat is niet gelukt. Probeer het later opnieuw.',
  historyEntry: '{method} — toegestaan: {categories}',
  consentId: 'Uw toestemmings-ID: {id}. Vermeld deze als u contact met ons opneemt over uw toestemmingsgegevens.',
  methods: { 'accept-all': 'Alles geaccepteerd', 'reject-all': 'Alles geweigerd', custom: 'Eigen keuze', gpc: 'Global Privacy Control', withdraw: 'Ingetrokken' },
  categories: {
    necessary: { name: 'Noodzakelijk', description: 'Nodig om de site te laten werken, bijvoorbeeld om ingelogd te blijven of deze keuze te onthouden.' },
    preferences: { name: 'Voorkeuren', description: 'Onthouden uw instellingen zoals taal of regio.' },
    analytics: { name: 'Statistieken', description: 'Helpen ons begrijpen hoe de site wordt gebruikt, zodat we die kunnen verbeteren.' },
    marketing: { name: 'Marketing', description: 'Tonen relevante aanbiedingen, meten advertenties ook op andere sites en schakelen chat en sociale inhoud in.' },
  },
};
export default nl;
