export {
  MemoryStorage,
  type MemoryStorageOptions,
  type MemoryStorageStats,
} from './memory-storage.js';
