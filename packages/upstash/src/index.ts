export { createUpstashRunner } from './upstash-runner.js';
export { UpstashStorage, type UpstashStorageOptions } from './upstash-storage.js';
