export { DEFAULT_CONFIG, type ResolvedConfig } from './config.js';
export { isDid, MAX_DID_LENGTH, parseDid } from './did.js';
export {
  CoatcheckError,
  InvalidArgumentError,
  SessionRevokedError,
  StorageError,
} from './errors.js';
export { fnv1a32 } from './hash.js';
export {
  BUCKET_BITS,
  didBucket,
  generateSessionId,
  isSessionId,
  sessionIdBucket,
} from './ids.js';
export { fingerprint, silentLogger } from './logger.js';
export { STORAGE_OPERATIONS } from './manager-options.js';
export { SessionManager, type SessionManagerOptions } from './session-manager.js';
export {
  capExpiry,
  evictionVictims,
  isSlideDue,
  isUnexpired,
  oldestFirst,
  type SessionTimes,
  slidExpiry,
} from './session-rules.js';
export type {
  CreateOptions,
  ExpiryPolicy,
  ListOptions,
  OperationContext,
  RevokeOneOptions,
  RevokeOptions,
  RotateOptions,
  SessionPatch,
  SessionRecord,
  SessionStorage,
  StorageCapabilities,
  TouchOptions,
  TouchResult,
} from './storage.js';
export {
  constantTimeEqual,
  formatToken,
  hashSecret,
  isToken,
  type ParsedToken,
  parseToken,
  TOKEN_LENGTH,
} from './tokens.js';
export type {
  Did,
  ISessionManager,
  IssuedSession,
  ListSessionsOptions,
  Logger,
  RevocationReason,
  RevokeSessionOptions,
  Session,
  SessionHooks,
  SessionManagerConfig,
  SessionMetadata,
  SessionRevokedEvent,
  SessionUpdate,
  ValidatedSession,
} from './types.js';
export { LIMITS } from './validation.js';
