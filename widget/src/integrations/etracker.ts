/**
 * etracker in cookie-less mode (`data-block-cookies="true"`): cookies are enabled through etracker's own API only after
 * analytics consent for service "etracker", and disabled on withdrawal. `_etracker` may appear after the widget, so the
 * call also goes through etracker's ready queue `_etrackerOnReady`, which then applies only the latest state.
 */
interface EtrackerWindow {
  _etracker?: { enableCookies?(domain: string): void; disableCookies?(domain: string): void };
  _etrackerOnReady?: Array<() => void>;
}

let enabled = false;
/** Applies the state wanted when it runs, not when it was queued. */
const apply = () => (window as unknown as EtrackerWindow)._etracker?.[enabled ? 'enableCookies' : 'disableCookies']?.(location.hostname);

export function setEtrackerCookies(on: boolean): void {
  const w = window as unknown as EtrackerWindow;
  enabled = on;
  if (w._etracker) apply();
  // One call waits in the queue, however often the state changes before etracker is there: etracker would run every
  // queued call in turn, and a first visit's disable before its enable would give the visitor a second id.
  else if (!(w._etrackerOnReady ||= []).includes(apply)) w._etrackerOnReady.push(apply);
}
