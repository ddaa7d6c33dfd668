export {
  commandName,
  createIoRedisDurableRunner,
  createIoRedisRunner,
  evictionPolicyReader,
} from './ioredis-runner.js';
export { IoRedisStorage, type IoRedisStorageOptions } from './ioredis-storage.js';
