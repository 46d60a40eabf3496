// What test/quick-text.test.ts reads of .ci/quick-text.mjs.
export declare const QUICK_FROM: number;
export declare const QUICK_TO: number;
export declare function narrowClass(stringWidth: (text: string) => number): string;
export declare function graphemeAloneClass(): string;
export declare function quickGraphemeSegmenterSource(aloneClass: string): string;
