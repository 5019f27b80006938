/**
 * "Kettle & Crumb", a fictional kitchenware e-shop. Like the e-shop seed site it measures visits with etracker
 * (loaded only after consent) and offers a WhatsApp chat on its pages (a marketing embed, held back until allowed).
 */
import type { SiteConsentConfigInput } from '@consentgate/shared/schemas';
import { catalogueService } from './catalogue-service.js';
import type { DemoSite } from './demo-site.js';

const config: SiteConsentConfigInput = {
  controller: { name: 'Kettle & Crumb Ltd (demo)', contact: 'privacy@kettle-and-crumb.example' },
  jurisdiction: 'UK',
  categories: [
    { id: 'necessary', required: true, googleConsent: ['security_storage'] },
    { id: 'preferences', googleConsent: ['functionality_storage', 'personalization_storage'] },
    { id: 'analytics', googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true, googleConsent: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  ],
  services: [
    {
      id: 'shop-session',
      name: 'Basket and checkout',
      category: 'necessary',
      provider: 'Kettle & Crumb',
      description: 'Keeps your basket and your checkout steps together while you shop.',
      cookies: [{ name: 'kc_basket', duration: 'session', description: 'Items in your basket.' }],
    },
    {
      id: 'shop-currency',
      name: 'Currency and delivery country',
      category: 'preferences',
      provider: 'Kettle & Crumb',
      description: 'Remembers the currency and delivery country you picked.',
      cookies: [{ name: 'kc_locale', duration: '1 year' }],
    },
    catalogueService('etracker', {
      description: 'Counts visits and page views under a pseudonymous id so we can see which products people look at.',
      privacyPolicyUrl: 'https://www.etracker.com/en/data-privacy/',
    }),
    catalogueService('whatsapp', {
      description: 'A chat window that lets you ask our staff questions through WhatsApp. The provider learns that you opened it.',
      privacyPolicyUrl: 'https://www.whatsapp.com/legal/privacy-policy',
      // The demo's stand-in sets it on the shop's own origin; withdrawing the chat deletes it.
      cookies: [{ name: 'wa_chat_seen', duration: '30 days', description: 'Remembers that the chat window was opened.' }],
    }),
  ],
  texts: {
    en: {
      bannerTitle: 'Cookies at Kettle & Crumb',
      bannerDescription:
        'We use cookies to run the shop. With your permission we also count visits (etracker) and offer a WhatsApp chat. You can change your mind at any time under "Cookie settings".',
    },
    // A German visitor reads the shop's own words in German too, the services included.
    de: {
      bannerTitle: 'Cookies bei Kettle & Crumb',
      bannerDescription:
        'Ohne Cookies läuft der Shop nicht. Wenn Sie zustimmen, zählen wir außerdem Besuche (etracker) und bieten einen WhatsApp-Chat an. Ihre Wahl können Sie jederzeit unter „Cookie-Einstellungen“ ändern.',
      serviceTexts: {
        'shop-session': {
          name: 'Warenkorb und Kasse',
          description: 'Hält Ihren Warenkorb und die Schritte zur Bestellung beisammen, solange Sie einkaufen.',
          cookies: { kc_basket: { duration: 'Sitzung', description: 'Die Artikel in Ihrem Warenkorb.' } },
        },
        'shop-currency': {
          name: 'Währung und Lieferland',
          description: 'Merkt sich die Währung und das Lieferland, die Sie gewählt haben.',
          cookies: { kc_locale: { duration: '1 Jahr' } },
        },
        etracker: {
          description: 'Zählt Besuche und Seitenaufrufe unter einer pseudonymen Kennung, damit wir sehen, welche Produkte gefragt sind.',
          cookies: {
            _et_coid: { duration: '2 Jahre', description: 'Erkennt wiederkehrende Besucher (pseudonyme Kennung).' },
            BT_sdc: { duration: 'Sitzung', description: 'Fasst die Seitenaufrufe eines Besuchs zusammen.' },
            BT_pdc: { duration: '2 Jahre', description: 'Merkt sich frühere Besuche, für die Statistik wiederkehrender Besucher.' },
            BT_ctst: { duration: 'Sitzung', description: 'Prüft, ob der Browser Cookies annimmt.' },
            BT_ecl: { duration: '30 Tage', description: 'Ordnet eine Bestellung der Kampagne zu, über die der Besuch kam.' },
            GS3_v: { duration: '2 Jahre', description: 'Erkennt wiederkehrende Besucher.' },
            isSdEnabled: { duration: '1 Tag', description: 'Merkt sich, ob Sitzungsdaten aufgezeichnet werden dürfen.' },
          },
        },
        whatsapp: {
          name: 'WhatsApp-Chat',
          description: 'Ein Chatfenster, in dem Sie unserem Team über WhatsApp Fragen stellen können. Der Anbieter erfährt, dass Sie es geöffnet haben.',
          cookies: { wa_chat_seen: { duration: '30 Tage', description: 'Merkt sich, dass das Chatfenster geöffnet wurde.' } },
        },
      },
    },
  },
  defaultLocale: 'en',
  consentMaxAgeDays: 182,
  reloadOnRevoke: true,
  theme: { accent: '#8a3b12', position: 'bottom', scheme: 'auto' },
};

export const SHOP_SITE: DemoSite = {
  id: 'demo-shop',
  name: 'Kettle & Crumb (demo e-shop)',
  path: '/demo/shop/',
  policyPath: '/demo/shop/privacy.html',
  // Orders and consent records are kept for 6 years (UK limitation period for contract claims).
  retentionDays: 6 * 365,
  config,
};
