export {
  decodeRecord,
  encodeRecord,
  encodeScope,
  encodeTime,
  RECORD_VERSION,
  storedDeadline,
} from './codec.js';
export { compactLua } from './compact-lua.js';
export {
  checkDurability,
  type DurabilityOptions,
  type DurableScriptRunner,
  ReplicationTimeoutError,
} from './durability.js';
export type { EvictionPolicyReader } from './eviction-policy.js';
export type { InvalidationListener, InvalidationSource } from './invalidation.js';
export {
  bucketHex,
  DEFAULT_KEY_PREFIX,
  KeyLayout,
  sessionField,
  sessionIdBucketHex,
  sessionIdFromField,
} from './keys.js';
export { RedisSessionStorage, type RedisSessionStorageOptions } from './redis-session-storage.js';
export { UnexpectedReplyError } from './replies.js';
export type { ScriptRunner } from './script-runner.js';
export {
  type RedisScript,
  SCRIPTS,
  type ScriptName,
  type ScriptVariant,
  UPSTASH_SCRIPTS,
} from './scripts.js';
export {
  type CheckedSessionCacheOptions,
  checkCacheOptions,
  DEFAULT_CACHE_MAX_ENTRIES,
  DEFAULT_CACHE_MAX_STALENESS_MS,
  type FillTicket,
  SessionCache,
  type SessionCacheOptions,
} from './session-cache.js';
export { TrackedLink } from './tracked-link.js';
export {
  sharedInvalidationSource,
  type TrackedConnection,
  type TrackedConnectionEvents,
  type TrackingDriver,
  TrackingHub,
} from './tracking-hub.js';
