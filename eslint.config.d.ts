// What test/architecture.test.ts reads of eslint.config.js: the layer table lint enforces.
export declare const LAYERS: Record<string, string[]>;
declare const config: unknown[];
export default config;
