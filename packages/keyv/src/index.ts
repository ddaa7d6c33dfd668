export { PENDING_GRACE_MS } from './backend.js';
export type { KeyvLike } from './keyv-client.js';
export { KeyvStorage, type KeyvStorageOptions } from './keyv-storage.js';
