// The controller's one front door. A run is opened here — started, resumed, watched, or
// read once it is recorded — and a front end (the screen, --plain, a watcher) gets a handle:
// the state to read, a way to be told when it changes, the operator's intents, the output,
// and what to print when it leaves. The journal, the executors and the lock stay behind it.
// ui/, plain/ and report/ import this module and nothing else of controller/ (eslint.config.js).

export { startRun, type StartRequest, type RunParts } from './start';
export { resumeRun, type ResumeRequest, type ResumingRun, type RunbookChanges } from './resume';
export { openRunForWatch, type DriverStatus, type WatchedRun, type WatchSource } from './watch';
export { openRecordedJournal, openRecordedRun, type RecordedJournal, type RecordedRun, type SignatureCheck } from './recorded';
export { cannotRecord, takenOver } from './recording';
export type { DrivingPermit } from './permit';
export { stepDigest, summaries } from './summaries';
export type { CommitSink, DrivenRun, OutputListener, OutputView, RunHandle, RunView, StoreView } from './handle';
export type { Signature, Signer, StepResult, StepVerdict } from './step-context';
export type { Leaving } from '../run/ending';
// What a reader of a recorded run says of its checks (show --json, the report).
export { anchorSummary, type AnchorSummary, type AnchorVerdict, type ChainVerdict } from '../journal/verify';
