import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const fr: BannerTexts = {
  dialogLabel: 'Consentement aux cookies',
  bannerTitle: 'Votre vie privée compte',
  bannerDescription:
    'Nous utilisons des cookies et des technologies similaires. Les cookies nécessaires font fonctionner le site. Avec votre accord, nous les utilisons aussi pour mémoriser vos réglages, mesurer l’audience et afficher des publicités pertinentes. Vous pouvez modifier votre choix à tout moment.',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  managePreferences: 'Gérer les préférences',
  privacyPolicy: 'Politique de confidentialité',
  gpcHonoured: 'Votre navigateur a envoyé un signal Global Privacy Control : les catégories concernées sont désactivées. Vous pouvez toujours les activer ici.',
  iframePlaceholder: 'Ce contenu de {service} est bloqué tant que vous ne l’autorisez pas.',
  iframeAllow: 'Autoriser',
};
export default fr;
