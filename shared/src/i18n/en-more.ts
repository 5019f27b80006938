import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const en: MoreTexts = {
  savePreferences: 'Save preferences',
  close: 'Close',
  preferencesTitle: 'Privacy preferences',
  preferencesDescription: 'Choose which categories and services you allow. Nothing optional is on until you switch it on.',
  alwaysOn: 'Always on',
  services: 'Services',
  cookies: 'Cookies',
  cookieName: 'Name',
  cookieDuration: 'Duration',
  cookieDescription: 'Purpose',
  history: 'Your consent history',
  historyEmpty: 'No consent records are stored for you.',
  downloadJson: 'Download as JSON',
  downloadCsv: 'Download as CSV',
  deleteRecords: 'Delete my consent records',
  deleteConfirm: 'Delete all your consent records on our server? This cannot be undone. Your current choice stays in this browser.',
  deleted: 'Your consent records were deleted.',
  historyShow: 'Show my consent history',
  historyLoadFailed: 'Your consent history could not be loaded. Please try again later.',
  deleteYes: 'Yes, delete my records',
  cancel: 'Cancel',
  downloaded: 'Downloaded {file}.',
  requestFailed: 'That did not work. Please try again later.',
  historyEntry: '{method} — allowed: {categories}',
  consentId: 'Your consent ID: {id}. Mention it if you contact us about your consent records.',
  methods: { 'accept-all': 'Accepted all', 'reject-all': 'Rejected all', custom: 'Custom choice', gpc: 'Global Privacy Control', withdraw: 'Withdrawn' },
  categories: {
    necessary: { name: 'Necessary', description: 'Needed for the site to work, for example to keep you signed in or remember this choice.' },
    preferences: { name: 'Preferences', description: 'Remember your settings such as language or region.' },
    analytics: { name: 'Analytics', description: 'Help us understand how the site is used so we can improve it.' },
    marketing: { name: 'Marketing', description: 'Show relevant offers and measure advertising, also on other sites, and enable chat and social embeds.' },
  },
};
export default en;
