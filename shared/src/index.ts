export * from './schemas.js';
export * from './canonical.js';
export * from './catalogue.js';
