import type { BannerTexts } from './texts.js';

/** First layer (banner) and iframe placeholder texts. */
const es: BannerTexts = {
  dialogLabel: 'Consentimiento de cookies',
  bannerTitle: 'Valoramos su privacidad',
  bannerDescription:
    'Usamos cookies y tecnologías similares. Las necesarias hacen funcionar el sitio. Con su consentimiento también las usamos para recordar sus ajustes, medir visitas y mostrar publicidad relevante. Puede cambiar su elección en cualquier momento.',
  acceptAll: 'Aceptar todo',
  rejectAll: 'Rechazar todo',
  managePreferences: 'Gestionar preferencias',
  privacyPolicy: 'Política de privacidad',
  gpcHonoured: 'Su navegador envió una señal Global Privacy Control, por lo que hemos desactivado las categorías afectadas. Aún puede activarlas aquí.',
  iframePlaceholder: 'Este contenido de {service} está bloqueado hasta que lo permita.',
  iframeAllow: 'Permitir',
};
export default es;
