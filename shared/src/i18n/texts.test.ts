import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATEGORIES, SUPPORTED_LOCALES } from '../schemas.js';
import { shownTextsFor, textsFor } from './texts.js';

describe('built-in texts', () => {
  it('name and describe exactly the built-in categories in every language', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const categories = textsFor(locale).categories;
      expect(Object.keys(categories).sort(), locale).toEqual([...BUILT_IN_CATEGORIES].sort());
      for (const text of Object.values(categories)) expect(text.name && text.description, locale).toBeTruthy();
    }
  });

  it("name a site's own category in its default language where a language has no text for it", () => {
    const social = { name: 'Soziale Medien', description: 'Teilen-Knöpfe.' };
    const shown = shownTextsFor({
      defaultLocale: 'de',
      texts: { de: { categories: { social, analytics: { name: 'Statistik', description: 'Besuche zählen.' } } }, nl: { categories: { social: { name: 'Sociale media', description: 'Deelknoppen.' } } } },
    });
    expect(shown.fr.categories.social).toEqual(social);
    expect(shown.nl.categories.social!.name).toBe('Sociale media');
    // A built-in category's default-language override stays in that language.
    expect(shown.fr.categories.analytics).toEqual(textsFor('fr').categories.analytics);
    expect(shown.de.categories.analytics!.name).toBe('Statistik');
  });
});
