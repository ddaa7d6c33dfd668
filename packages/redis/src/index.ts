export {
  type DecodedRecord,
  decodeRecord,
  encodeRecord,
  encodeScope,
  encodeTime,
  RECORD_VERSION,
} from './codec.js';
export { compactLua } from './compact-lua.js';
export {
  bucketHex,
  DEFAULT_KEY_PREFIX,
  indexEntry,
  indexMember,
  KeyLayout,
  sessionIdFromMember,
} from './keys.js';
export { RedisSessionStorage, type RedisSessionStorageOptions } from './redis-session-storage.js';
export { UnexpectedReplyError } from './replies.js';
export type { ScriptRunner } from './script-runner.js';
export { type RedisScript, SCRIPTS, type ScriptName } from './scripts.js';
