// What .ci/build.mjs and test/ascii-output.test.ts read of .ci/ascii-output.mjs.
export declare function asciiOnly(source: string, file: string): string;
