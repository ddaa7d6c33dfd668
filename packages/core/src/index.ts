export { DEFAULT_CONFIG, type ResolvedConfig } from './config.js';
export { isDid, MAX_DID_LENGTH, parseDid } from './did.js';
export {
  CoatcheckError,
  InvalidArgumentError,
  SessionRevokedError,
  StorageError,
} from './errors.js';
export { fnv1a32 } from './hash.js';
export { didBucket, generateSessionId, isSessionId, sessionIdBucket } from './ids.js';
export { fingerprint, silentLogger } from './logger.js';
export { SessionManager, type SessionManagerOptions } from './session-manager.js';
export type {
  CreateOptions,
  ExpiryPolicy,
  OperationContext,
  RevokeOptions,
  RotateOptions,
  SessionPatch,
  SessionRecord,
  SessionStorage,
  StorageCapabilities,
  TouchOptions,
} from './storage.js';
export type {
  Did,
  ISessionManager,
  Logger,
  RevocationReason,
  Session,
  SessionHooks,
  SessionManagerConfig,
  SessionMetadata,
  SessionRevokedEvent,
  SessionUpdate,
} from './types.js';
export { LIMITS } from './validation.js';
