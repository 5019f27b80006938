export { startDemo, type RunningDemo, type StartDemoOptions } from './start-demo.js';
export { createDemoApp } from './demo-app.js';
export { DEMO_SITES, demoOrigins, ensureDemoSites } from './demo-sites.js';
export { TrackerCollector, type TrackerHit } from './tracker-collector.js';
export { SHOP_SITE } from './sites/shop.js';
export { B2B_SITE } from './sites/b2b.js';
export type { DemoSite } from './sites/demo-site.js';
