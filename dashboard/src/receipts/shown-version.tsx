/**
 * What a receipt's visitor was shown: the policy version the receipt names, in the receipt's language, with its
 * configHash recomputed here from the version's config and texts, so the page proves the match rather than claims it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale, PolicyVersionInfo, SignedReceipt, WidgetTexts } from '@consentgate/shared';
import { policyVersionHash } from '@consentgate/shared/policy-hash';
import { servicesIn } from '@consentgate/shared/i18n/service-texts';
import { api, download } from '../api.js';
import { dateTime, errorText } from '../format.js';
import { Outcome } from '../outcome.js';
import { ScrollBox } from '../scroll-box.js';
import { useFocusOnMount } from '../rescue-focus.js';

type HashCheck = 'match' | 'mismatch' | 'unchecked';

async function checkHash(version: PolicyVersionInfo, receipt: SignedReceipt): Promise<HashCheck> {
  // WebCrypto needs a secure context (HTTPS or localhost): elsewhere the hash cannot be recomputed in the page.
  if (!globalThis.crypto?.subtle) return 'unchecked';
  return (await policyVersionHash(version)) === receipt.configHash ? 'match' : 'mismatch';
}

const CHECK_TEXT: Record<HashCheck, string> = {
  match: '✓ The receipt’s config hash matches this version, recomputed here from the config and texts below.',
  mismatch: '✗ The receipt’s config hash does not match this version: the record below is not what the receipt names.',
  unchecked: 'The config hash cannot be recomputed on a page served without HTTPS; compare it with the downloaded version.',
};

const choiceText = (choice: boolean | undefined) => (choice === undefined ? '–' : choice ? 'Allowed ✓' : 'Refused ✗');

function Texts({ texts, receipt, version }: { texts: Partial<WidgetTexts>; receipt: SignedReceipt; version: PolicyVersionInfo }) {
  return (
    <>
      <dl class="shown-texts">
        {(['bannerTitle', 'bannerDescription', 'acceptAll', 'rejectAll', 'managePreferences'] as const).map(
          (key) =>
            texts[key] !== undefined && (
              <div key={key}>
                <dt>{TEXT_LABELS[key]}</dt>
                <dd lang={receipt.locale}>{texts[key]}</dd>
              </div>
            ),
        )}
      </dl>
      <ScrollBox label="Categories as shown, and this visitor’s choice">
        <table>
          <caption>Categories as shown, and this visitor’s choice</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Description shown</th>
              <th scope="col">Choice</th>
            </tr>
          </thead>
          <tbody>
            {version.config.categories.map((category) => {
              const shown = texts.categories?.[category.id];
              const choice = receipt.categories[category.id];
              return (
                <tr key={category.id}>
                  <th scope="row" lang={receipt.locale}>
                    {shown?.name ?? category.id}
                  </th>
                  <td lang={receipt.locale}>{shown?.description ?? '–'}</td>
                  <td>{choiceText(choice)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      {version.config.services.length > 0 && (
        <ScrollBox label="Services as shown, and this visitor’s choice">
          <table>
            <caption>Services as shown, and this visitor’s choice</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Category</th>
                <th scope="col">Provider</th>
                <th scope="col">Description shown</th>
                <th scope="col">Choice</th>
              </tr>
            </thead>
            <tbody>
              {servicesIn(version.config.services, texts).map((service) => {
                // Words the site wrote in the receipt's language are marked so; the rest are as in the config.
                const own = texts.serviceTexts?.[service.id];
                return (
                  <tr key={service.id}>
                    <th scope="row" lang={own?.name ? receipt.locale : undefined}>
                      {service.name}
                    </th>
                    <td lang={receipt.locale}>{texts.categories?.[service.category]?.name ?? service.category}</td>
                    <td>{service.provider ?? '–'}</td>
                    <td lang={own?.description ? receipt.locale : undefined}>{service.description ?? '–'}</td>
                    <td>{choiceText(receipt.services[service.id])}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}

const TEXT_LABELS = {
  bannerTitle: 'Banner title',
  bannerDescription: 'Banner text',
  acceptAll: 'Accept button',
  rejectAll: 'Reject button',
  managePreferences: 'Preferences button',
} as const;

export function ShownVersion({ siteId, receipt, onClose }: { siteId: string; receipt: SignedReceipt; onClose(): void }) {
  const path = `/v1/admin/sites/${encodeURIComponent(siteId)}/policy-versions/${receipt.policyVersion}`;
  const [version, setVersion] = useState<PolicyVersionInfo | null>(null);
  const [check, setCheck] = useState<HashCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);

  useEffect(() => {
    // Keyed by receipt id (receipt-table.tsx): another receipt mounts a fresh panel, so there is no old state to reset.
    let current = true;
    api<PolicyVersionInfo>('GET', path)
      .then(async (loaded) => {
        const result = await checkHash(loaded, receipt);
        if (!current) return;
        setVersion(loaded);
        setCheck(result);
      })
      .catch((err: unknown) => current && setError(errorText(err)));
    return () => {
      current = false;
    };
  }, [path, receipt]);

  const locale = receipt.locale as Locale;
  const frozen = version?.shownTexts?.[locale];
  const downloadVersion = () =>
    download(path, `policy-version-${siteId}-${receipt.policyVersion}.json`).catch((err: unknown) => setError(errorText(err)));

  return (
    <section class="panel shown-version" aria-labelledby="shown-version-title">
      <h2 id="shown-version-title" tabIndex={-1} ref={headingRef}>
        What the visitor was shown
      </h2>
      <p>
        Receipt <code>{receipt.receiptId}</code> of {dateTime(receipt.serverTime)}: policy version {receipt.policyVersion}
        {version && <>, published {dateTime(version.createdAt)}</>}, language {receipt.locale}.
      </p>
      <Outcome error={error} />
      {!version && !error && <p class="muted">Loading the policy version…</p>}
      {version && check && <p role="status">{CHECK_TEXT[check]}</p>}
      {version &&
        (frozen ? (
          <Texts texts={frozen} receipt={receipt} version={version} />
        ) : (
          <>
            <p>
              This version was published before texts were kept with it: only the site’s own texts are on record; the
              rest came from the built-in translations of the release serving the page at the time.
            </p>
            <Texts texts={version.config.texts[locale] ?? {}} receipt={receipt} version={version} />
          </>
        ))}
      <div class="actions">
        {version && (
          <button type="button" class="secondary" onClick={() => void downloadVersion()}>
            Download this version (JSON)
          </button>
        )}
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
