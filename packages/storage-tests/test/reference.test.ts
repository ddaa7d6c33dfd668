import { didBucket } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite, SAME_BUCKET_DID_PAIRS } from '../src/index.js';
import { ReferenceStorage } from '../src/reference-storage.js';

// The suite's own run: against an obviously correct storage every check must pass.
runConformanceSuite({
  name: 'ReferenceStorage',
  createStorage: () => new ReferenceStorage(),
  inspect: {
    recordTtlMs: async (storage, id, now) => (storage as ReferenceStorage).recordTtl(id, now),
  },
});

describe('fixtures', () => {
  it('every same-bucket pair really shares a bucket', () => {
    for (const [a, b] of SAME_BUCKET_DID_PAIRS) {
      expect(a).not.toBe(b);
      expect(didBucket(a)).toBe(didBucket(b));
    }
  });
});
