import type { MoreTexts } from './texts.js';

/** Texts of the preference centre and the consent history, loaded with it. */
const es: MoreTexts = {
  savePreferences: 'Guardar preferencias',
  close: 'Cerrar',
  preferencesTitle: 'Preferencias de privacidad',
  preferencesDescription: 'Elija qué categorías y servicios permite. Nada opcional está activado hasta que usted lo active.',
  alwaysOn: 'Siempre activo',
  services: 'Servicios',
  cookies: 'Cookies',
  cookieName: 'Nombre',
  cookieDuration: 'Duración',
  cookieDescription: 'Finalidad',
  history: 'Su historial de consentimiento',
  historyEmpty: 'No hay registros de consentimiento guardados sobre usted.',
  downloadJson: 'Descargar como JSON',
  downloadCsv: 'Descargar como CSV',
  deleteRecords: 'Eliminar mis registros de consentimiento',
  deleteConfirm: '¿Eliminar todos sus registros de consentimiento de nuestro servidor? No se puede deshacer. Su elección actual se mantiene en este navegador.',
  deleted: 'Sus registros de consentimiento se han eliminado.',
  historyShow: 'Mostrar mi historial',
  historyLoadFailed: 'No se pudo cargar su historial. Inténtelo de nuevo más tarde.',
  deleteYes: 'Sí, eliminar',
  cancel: 'Cancelar',
  downloaded: '{file} descargado.',
  requestFailed: 'No ha funcionado. Inténtelo de nuevo más tarde.',
  historyEntry: '{method} — permitido: {categories}',
  consentId: 'Su ID de consentimiento: {id}. Indíquelo si nos contacta sobre sus registros de consentimiento.',
  methods: { 'accept-all': 'Aceptó todo', 'reject-all': 'Rechazó todo', custom: 'Elección personalizada', gpc: 'Global Privacy Control', withdraw: 'Retirado' },
  categories: {
    necessary: { name: 'Necesarias', description: 'Imprescindibles para que el sitio funcione, por ejemplo para mantener la sesión o recordar esta elección.' },
    preferences: { name: 'Preferencias', description: 'Recuerdan sus ajustes como idioma o región.' },
    analytics: { name: 'Analítica', description: 'Nos ayudan a entender cómo se usa el sitio para mejorarlo.' },
    marketing: { name: 'Marketing', description: 'Muestran ofertas relevantes, miden la publicidad también en otros sitios y activan chat y contenidos sociales.' },
  },
};
export default es;
