import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const it: BannerTexts = {
  dialogLabel: 'Consenso ai cookie',
  bannerTitle: 'La tua privacy è importante',
  bannerDescription:
    'Usiamo cookie e tecnologie simili. Quelli necessari fanno funzionare il sito. Con il tuo consenso li usiamo anche per ricordare le tue impostazioni, misurare le visite e mostrare pubblicità pertinente. Puoi cambiare la tua scelta in qualsiasi momento.',
  acceptAll: 'Accetta tutto',
  rejectAll: 'Rifiuta tutto',
  managePreferences: 'Gestisci preferenze',
  privacyPolicy: 'Informativa sulla privacy',
  gpcHonoured: 'Il tuo browser ha inviato un segnale Global Privacy Control, quindi abbiamo disattivato le categorie interessate. Puoi comunque attivarle qui.',
  iframePlaceholder: 'Questo contenuto di {service} è bloccato finché non lo consenti.',
  iframeAllow: 'Consenti',
};
export default it;
