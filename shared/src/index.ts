export * from './schemas.js';
export * from './canonical.js';
export * from './catalogue.js';
export * from './admin-stats.js';
export * from './admin.js';
export * from './receipt-tree.js';
export * from './policy-version.js';
export * from './policy-hash.js';
