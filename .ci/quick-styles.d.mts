// What .ci/build.mjs and test/quick-styles.test.ts read of .ci/quick-styles.mjs.
export declare function withSameStylesSkipped(source: string, file: string): string;
