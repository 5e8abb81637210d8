/**
 * `@weft/replay`: read stored conversations back as transcripts, run code against recorded turns
 * instead of the network (failing with a structured diff where a request diverges), and re-run a
 * branch's inputs with other settings as a new branch, then compare the two.
 *
 * @module
 */
export {
  ReplayDivergence,
  ReplayRecordingMissing,
  isReplayDivergence,
  type DivergenceKind,
  type ReplayError,
} from './errors.js';

// Transcripts.
export {
  readTranscript,
  makeTranscript,
  type TranscriptSource,
  type TranscriptOptions,
} from './transcript/read-transcript.js';
export { renderMarkdown } from './transcript/render-markdown.js';
export { renderText, renderJson } from './transcript/render-text.js';
export type {
  Transcript,
  BranchTranscript,
  TreeTranscript,
  TranscriptNode,
  TranscriptTurn,
  TranscriptEntry,
  TranscriptUsage,
} from './transcript/transcript-types.js';

// The replay client.
export {
  createReplayClient,
  makeReplayClient,
  type ReplayClient,
  type ReplayClientOptions,
  type ServedCall,
  type LiveExchange,
} from './replay-client.js';
export type { ReplayMode } from './replay-matcher.js';
export {
  loadRecording,
  type Recording,
  type RecordedCall,
  type RecordingSource,
  type LoadRecordingOptions,
} from './recording/load-recording.js';
export { recordedResponse } from './recording/rebuild-response.js';
export { recordedStreamEvents, type PacedEvent } from './recording/stream-events.js';
export {
  normalizeRequest,
  requestHash,
  stableStringify,
  volatileFields,
  type IdTokens,
  type Json,
  type NormalizeOptions,
} from './divergence/normalize-request.js';
export {
  diffJson,
  formatChanges,
  textDiff,
  type JsonDiff,
  type RequestChange,
} from './divergence/request-diff.js';

// Re-run and compare.
export {
  rerunBranch,
  type RerunOptions,
  type RerunSettings,
  type RerunResult,
  type RerunExchange,
} from './rerun.js';
export {
  compareBranches,
  makeComparison,
  compareToolCalls,
  type BranchRef,
  type ComparisonReport,
  type ExchangeComparison,
  type ToolCallComparison,
  type ComparedCall,
  type Delta,
} from './compare.js';
export { renderComparisonMarkdown } from './compare-report.js';
export { toExchanges, userText, type Exchange } from './exchanges.js';
