import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const fr: MoreTexts = {
  savePreferences: 'Enregistrer les préférences',
  close: 'Fermer',
  preferencesTitle: 'Préférences de confidentialité',
  preferencesDescription: 'Choisissez les catégories et services que vous autorisez. Rien d’optionnel n’est activé sans votre action.',
  alwaysOn: 'Toujours actif',
  services: 'Services',
  cookies: 'Cookies',
  cookieName: 'Nom',
  cookieDuration: 'Durée',
  cookieDescription: 'Finalité',
  history: 'Historique de vos consentements',
  historyEmpty: 'Aucun enregistrement de consentement n’est conservé pour vous.',
  downloadJson: 'Télécharger en JSON',
  downloadCsv: 'Télécharger en CSV',
  deleteRecords: 'Supprimer mes enregistrements de consentement',
  deleteConfirm: 'Supprimer tous vos enregistrements de consentement sur notre serveur ? Cette action est irréversible. Votre choix actuel reste dans ce navigateur.',
  deleted: 'Vos enregistrements de consentement ont été supprimés.',
  historyShow: 'Afficher mon historique',
  historyLoadFailed: 'Votre historique n’a pas pu être chargé. Veuillez réessayer plus tard.',
  deleteYes: 'Oui, supprimer',
  cancel: 'Annuler',
  downloaded: '{file} téléchargé.',
  requestFailed: 'Cela n’a pas fonctionné. Veuillez réessayer plus tard.',
  historyEntry: '{method} — autorisé : {categories}',
  consentId: 'Votre identifiant de consentement : {id}. Indiquez-le si vous nous contactez au sujet de vos enregistrements de consentement.',
  methods: { 'accept-all': 'Tout accepté', 'reject-all': 'Tout refusé', custom: 'Choix personnalisé', gpc: 'Global Privacy Control', withdraw: 'Retiré' },
  categories: {
    necessary: { name: 'Nécessaires', description: 'Indispensables au fonctionnement du site, par exemple pour rester connecté ou mémoriser ce choix.' },
    preferences: { name: 'Préférences', description: 'Mémorisent vos réglages comme la langue ou la région.' },
    analytics: { name: 'Statistiques', description: 'Nous aident à comprendre l’utilisation du site pour l’améliorer.' },
    marketing: { name: 'Marketing', description: 'Affichent des offres pertinentes, mesurent la publicité y compris sur d’autres sites et activent chat et contenus sociaux.' },
  },
};
export default fr;
