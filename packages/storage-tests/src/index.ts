export { describeBadInput } from './bad-input.js';
export { type CachedStorage, describeCachedWrites } from './cached-writes.js';
export { manualClock, realClock, type TestClock } from './clock.js';
export { describeConcurrency } from './concurrency.js';
export {
  type CountingStorage,
  countingStorage,
  type StorageOperation,
} from './counting-storage.js';
export {
  checkDurableFailover,
  checkUnacknowledgedRevocations,
  type ReplicatedSetup,
} from './durability-steps.js';
export {
  metadata,
  randomDid,
  SAME_BUCKET_DID_PAIRS,
  sameBucketDids,
  sleep,
  unknownSessionId,
} from './fixtures.js';
export { type Harness, type LogEntry, useHarness } from './harness.js';
export { describeHooks } from './hooks.js';
export { describeInterop, type InteropPair } from './interop.js';
export { describeLifecycle } from './lifecycle.js';
export { describeLimits } from './limits.js';
export { findLinearization, type HistoryEntry } from './linearizability.js';
export {
  type ConcreteOp,
  concretize,
  describeModelCheck,
  type HistoryEnv,
} from './model-check.js';
export { type Command, commandArb, policyArb } from './model-commands.js';
export { operationCalls, settlement } from './operation-calls.js';
export {
  type ConcurrencyOptions,
  type ConformanceOptions,
  DEFAULT_CONCURRENCY,
  type StorageInspector,
} from './options.js';
export { pttlInspector } from './pttl-inspector.js';
export {
  type CreateRaceOutcome,
  checkBestEffort,
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
  checkRotateRace,
  type RaceOutcome,
  type RevokeManyRaceOutcome,
  type RevokeRaceOutcome,
  type RotateRaceOutcome,
} from './race-checks.js';
export {
  type RaceSetup,
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
  raceRevokeOthersAgainstCreates,
  raceRotations,
} from './race-scenarios.js';
export { describeRaceTrials } from './race-trials.js';
export { type Recorded, recorded } from './recorder.js';
export { ReferenceStorage } from './reference-storage.js';
export { describeRevocation } from './revocation.js';
export { describeRotation } from './rotation.js';
export { REAL_CLOCK_TEST_TIMEOUT_MS, runConformanceSuite } from './run-conformance-suite.js';
export { describeSliding } from './sliding.js';
export { describeTokens } from './tokens.js';
export {
  type HalfMovedSlot,
  type HalfMovedSlotRun,
  runStepOnHalfMovedSlot,
  type TwoSessions,
  USER_STEPS,
  type UserStep,
} from './user-steps.js';
