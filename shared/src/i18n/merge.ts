/** Site texts over built-in ones (categories and method names merged one level deeper). No imports: the widget bundles it. */
import type { WidgetTexts } from '../schemas.js';

export function mergeTexts<T extends Partial<WidgetTexts>>(builtIn: T, own: Partial<WidgetTexts> | undefined): T {
  return { ...builtIn, ...own, categories: { ...builtIn.categories, ...own?.categories }, methods: { ...builtIn.methods, ...own?.methods } };
}
