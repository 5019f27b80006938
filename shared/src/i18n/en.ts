import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const en: BannerTexts = {
  dialogLabel: 'Cookie consent',
  bannerTitle: 'We value your privacy',
  bannerDescription:
    'We use cookies and similar technologies. Necessary ones keep the site working. With your consent we also use them to remember your settings, measure visits and show relevant marketing. You can change your choice at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  managePreferences: 'Manage preferences',
  privacyPolicy: 'Privacy policy',
  gpcHonoured: 'Your browser sent a Global Privacy Control signal, so we have turned off the categories it covers. You can still switch them on here.',
  iframePlaceholder: 'This content from {service} is blocked until you allow it.',
  iframeAllow: 'Allow',
};
export default en;
