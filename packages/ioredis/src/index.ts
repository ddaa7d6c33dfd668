export { commandName, createIoRedisRunner } from './ioredis-runner.js';
export { IoRedisStorage, type IoRedisStorageOptions } from './ioredis-storage.js';
