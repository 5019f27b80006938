import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const nl: BannerTexts = {
  dialogLabel: 'Cookietoestemming',
  bannerTitle: 'Uw privacy is belangrijk',
  bannerDescription:
    'Wij gebruiken cookies en vergelijkbare technieken. Noodzakelijke cookies laten de site werken. Met uw toestemming gebruiken we ze ook om uw instellingen te onthouden, bezoeken te meten en relevante advertenties te tonen. U kunt uw keuze altijd wijzigen.',
  acceptAll: 'Alles accepteren',
  rejectAll: 'Alles weigeren',
  managePreferences: 'Voorkeuren beheren',
  privacyPolicy: 'Privacyverklaring',
  gpcHonoured: 'Uw browser stuurde een Global Privacy Control-signaal; de betreffende categorieën staan daarom uit. U kunt ze hier alsnog aanzetten.',
  iframePlaceholder: 'Deze inhoud van {service} is geblokkeerd tot u die toestaat.',
  iframeAllow: 'Toestaan',
};
export default nl;
