/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 * Missing Chromium: under CI=true the suite fails; elsewhere it is skipped with a loud banner saying how to install it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Chromium 156 sends Global Privacy Control natively when its `GlobalPrivacyControlForce` feature is on: every request
 * carries `Sec-GPC: 1` and `navigator.globalPrivacyControl === true` (checked by the GPC test itself), so nothing is
 * injected into the page.
 */
export const GPC_ARGS = ['--enable-features=GlobalPrivacyControlForce'];

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`end-to-end tests need Chromium at ${CHROMIUM_PATH} (CI=true: failing instead of skipping)`);
  }
  const line = '!'.repeat(78);
  console.error(
    `\n${line}\n!! Chromium is not installed at ${CHROMIUM_PATH}: the end-to-end browser tests are SKIPPED.\n` +
      `!! Install it with: apt-get update && apt-get install -y chromium   (under CI=true this fails)\n${line}\n`,
  );
  return false;
}

/** False (after a loud message) when Chromium is missing outside CI; throws under CI=true. */
export const HAS_CHROMIUM = chromiumAvailable();

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...extraArgs], headless: true });
}
