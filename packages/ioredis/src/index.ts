export {
  commandName,
  createIoRedisDurableRunner,
  createIoRedisRunner,
  evictionPolicyReader,
} from './ioredis-runner.js';
export { IoRedisStorage, type IoRedisStorageOptions } from './ioredis-storage.js';
export { IoRedisTracking, ioredisInvalidationSource } from './ioredis-tracking.js';
