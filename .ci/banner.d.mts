// What .ci/build.mjs and test/banner.test.ts read of .ci/banner.mjs.
export declare const BANNER: readonly [string, string];
export declare function withoutUnusedBanner(text: string, file: string): string;
