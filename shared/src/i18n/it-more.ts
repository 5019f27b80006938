import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const it: MoreTexts = {
  savePreferences: 'Salva preferenze',
  close: 'Chiudi',
  preferencesTitle: 'Preferenze sulla privacy',
  preferencesDescription: 'Scegli quali categorie e servizi consentire. Nulla di facoltativo è attivo finché non lo attivi tu.',
  alwaysOn: 'Sempre attivo',
  services: 'Servizi',
  cookies: 'Cookie',
  cookieName: 'Nome',
  cookieDuration: 'Durata',
  cookieDescription: 'Finalità',
  history: 'Il tuo storico dei consensi',
  historyEmpty: 'Non sono conservate registrazioni di consenso che ti riguardano.',
  downloadJson: 'Scarica in JSON',
  downloadCsv: 'Scarica in CSV',
  deleteRecords: 'Elimina le mie registrazioni di consenso',
  deleteConfirm: 'Eliminare tutte le tue registrazioni di consenso dal nostro server? L’operazione è irreversibile. La tua scelta attuale resta in questo browser.',
  deleted: 'Le tue registrazioni di consenso sono state eliminate.',
  historyShow: 'Mostra il mio storico',
  historyLoadFailed: 'Impossibile caricare lo storico. Riprova più tardi.',
  deleteYes: 'Sì, elimina',
  cancel: 'Annulla',
  downloaded: '{file} scaricato.',
  requestFailed: 'Non è andato a buon fine. Riprova più tardi.',
  historyEntry: '{method} — consentito: {categories}',
  consentId: 'Il tuo ID di consenso: {id}. Indicalo se ci contatti in merito alle tue registrazioni di consenso.',
  methods: { 'accept-all': 'Accettato tutto', 'reject-all': 'Rifiutato tutto', custom: 'Scelta personalizzata', gpc: 'Global Privacy Control', withdraw: 'Revocato' },
  categories: {
    necessary: { name: 'Necessari', description: 'Indispensabili per il funzionamento del sito, ad esempio per restare connessi o ricordare questa scelta.' },
    preferences: { name: 'Preferenze', description: 'Ricordano le tue impostazioni come lingua o regione.' },
    analytics: { name: 'Statistiche', description: 'Ci aiutano a capire come viene usato il sito per migliorarlo.' },
    marketing: { name: 'Marketing', description: 'Mostrano offerte pertinenti, misurano la pubblicità anche su altri siti e attivano chat e contenuti social.' },
  },
};
export default it;
