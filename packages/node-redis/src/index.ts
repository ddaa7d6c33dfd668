export type { DurabilityOptions, SessionCacheOptions } from '@coatcheck/redis';
export {
  describeClientError,
  isConnectionLost,
  NodeRedisClientError,
  shouldResend,
} from './client-errors.js';
export type { NodeRedisClient, ScriptOptions } from './node-redis-client.js';
export { createNodeRedisDurableRunner } from './node-redis-durable-runner.js';
export { createNodeRedisRunner } from './node-redis-runner.js';
export { NodeRedisStorage, type NodeRedisStorageOptions } from './node-redis-storage.js';
export { NodeRedisTracking, nodeRedisInvalidationSource } from './node-redis-tracking.js';
export { normalizeReply } from './replies.js';
