/**
 * A settings save refused for one field: which field of the form a problem is about (one the form finds before
 * sending, or a path the server names), so the form can mark it, say what is wrong next to it and move focus there.
 */
import { errorText } from '../format.js';

/** A field of the form a refused save is about: a named input, or a category's id (`category:2`, counted from 0). */
export type Field = string;

/** A save refused for one field: the form marks that field, shows `message` next to it and moves focus there. */
export class FieldProblem extends Error {
  constructor(
    readonly field: Field,
    message: string,
  ) {
    super(message);
  }
}

export const FIELD_ERROR_ID = 'settings-field-error';

export function parseJson(label: string, field: Field, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FieldProblem(field, `${label} is not valid JSON: ${errorText(err)}`);
  }
}

/** The form's field for a path the server names (`config.categories[1].id`, `allowedOrigins[0]`), or null. */
export function fieldOfPath(path: string, categoryRows: readonly number[]): Field | null {
  const category = /^config\.categories\[(\d+)\]/.exec(path);
  if (category) {
    // The body leaves out rows without an id: the server's index counts the others.
    const row = categoryRows[Number(category[1])];
    return row === undefined ? null : `category:${row}`;
  }
  const [top, key] = path.split(/[.[]/);
  if (top === 'name' || top === 'retentionDays') return top;
  if (top === 'allowedOrigins') return 'origins';
  if (top !== 'config') return null;
  if (key === 'controller') return 'controllerName';
  return ['services', 'texts', 'policyUrl', 'withdrawalUrl', 'jurisdiction'].find((k) => k === key) ?? null;
}
