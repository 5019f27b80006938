/**
 * A receipt is evidence of what a visitor was shown and chose, so it must agree with the policy version it names:
 * the config hash of that version, a decision for each of its categories and for none other, required categories on,
 * only its services (one of a refused category allowed only by a custom choice or withdrawal: a service allowed by
 * itself, as an embed's "Allow" does), and a method that matches the decisions.
 */
import type { ReceiptInput } from '@consentgate/shared';
import { ApiError } from '../http/api-error.js';
import type { ReceiptPolicy } from '../sites/policy-cache.js';

const list = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

function checkCategories(categories: Record<string, boolean>, policy: ReceiptPolicy, version: number): void {
  const missing = policy.categories.filter((id) => !Object.hasOwn(categories, id));
  const decided = Object.keys(categories);
  if (missing.length > 0 || decided.length !== policy.categories.length) {
    const unknown = decided.filter((id) => !policy.categories.includes(id));
    const problems = [
      ...(missing.length ? [`no decision for ${list(missing)}`] : []),
      ...(unknown.length ? [`unknown ${list(unknown)}`] : []),
    ];
    throw new ApiError(
      400,
      'categories_mismatch',
      `categories must be exactly those of policy version ${version} (${list(policy.categories)}): ${problems.join('; ')}`,
    );
  }
  for (const id of policy.required) {
    if (categories[id] !== true) throw new ApiError(400, 'categories_mismatch', `category "${id}" is required and must be true`);
  }
}

function checkServices(input: ReceiptInput, policy: ReceiptPolicy): void {
  for (const [id, allowed] of Object.entries(input.services)) {
    const category = policy.serviceCategory.get(id);
    if (category === undefined) {
      throw new ApiError(400, 'services_mismatch', `service "${id}" is not part of policy version ${input.policyVersion}`);
    }
    if (allowed && input.categories[category] !== true && input.method !== 'custom' && input.method !== 'withdraw') {
      throw new ApiError(
        400,
        'services_mismatch',
        `service "${id}" cannot be allowed while its category "${category}" is refused in a "${input.method}" receipt`,
      );
    }
  }
}

function checkMethod(input: ReceiptInput, policy: ReceiptPolicy): void {
  const { method, categories } = input;
  let wrong: string[] = [];
  let rule = '';
  if (method === 'accept-all') {
    wrong = policy.categories.filter((id) => categories[id] !== true);
    rule = 'allows every category';
  } else if (method === 'reject-all') {
    wrong = policy.categories.filter((id) => !policy.required.has(id) && categories[id] !== false);
    rule = 'refuses every optional category';
  } else if (method === 'gpc') {
    wrong = [...policy.optOutOnGpc].filter((id) => categories[id] !== false);
    rule = 'refuses every category marked optOutOnGpc';
  }
  if (wrong.length > 0) {
    throw new ApiError(400, 'method_mismatch', `method "${method}" ${rule}, but the receipt decides otherwise for ${list(wrong)}`);
  }
}

/** Throws a 400 ApiError naming the first way `input` contradicts `policy` (undefined: no such version). */
export function checkAgainstPolicy(input: ReceiptInput, policy: ReceiptPolicy | undefined): asserts policy is ReceiptPolicy {
  if (!policy) {
    throw new ApiError(400, 'policy_version_unknown', `site "${input.siteId}" has no policy version ${input.policyVersion}`);
  }
  if (input.configHash !== policy.configHash) {
    throw new ApiError(
      400,
      'config_hash_mismatch',
      `configHash does not match policy version ${input.policyVersion} of site "${input.siteId}"`,
    );
  }
  checkCategories(input.categories, policy, input.policyVersion);
  checkServices(input, policy);
  checkMethod(input, policy);
}
