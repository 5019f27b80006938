/**
 * etracker in cookie-less mode (`data-block-cookies="true"`): cookies are enabled through etracker's own API only after
 * analytics consent for service "etracker", and disabled on withdrawal. `_etracker` may appear after the widget, so the
 * call also goes through etracker's ready queue `_etrackerOnReady`.
 */
interface EtrackerWindow {
  _etracker?: { enableCookies?(domain: string): void; disableCookies?(domain: string): void };
  _etrackerOnReady?: Array<() => void>;
}

export function setEtrackerCookies(enabled: boolean): void {
  const w = window as unknown as EtrackerWindow;
  const call = () => w._etracker?.[enabled ? 'enableCookies' : 'disableCookies']?.(location.hostname);
  if (w._etracker) call();
  else (w._etrackerOnReady = w._etrackerOnReady || []).push(call);
}
