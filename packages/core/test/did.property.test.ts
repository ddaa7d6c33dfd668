// Core carries its own DID check to stay small on the edge; it must agree with the AT Protocol's
// own validators in @atproto/syntax on every input.
import { ensureValidDid, ensureValidDidRegex, isValidDid } from '@atproto/syntax';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Did, InvalidArgumentError, isDid, parseDid, SessionManager } from '../src/index.js';
import { RecordingStorage } from './support/recording-storage.js';

function accepts(validate: (input: string) => void, input: string): boolean {
  try {
    validate(input);
    return true;
  } catch {
    return false;
  }
}

function expectAgreement(input: string): void {
  const atproto = accepts(ensureValidDidRegex, input);
  expect(accepts(ensureValidDid, input)).toBe(atproto);
  expect(isValidDid(input)).toBe(atproto);
  expect(isDid(input)).toBe(atproto);
  expect(parses(input)).toBe(atproto);
}

/** parseDid returns its input unchanged or throws InvalidArgumentError naming `did`. */
function parses(input: unknown): boolean {
  try {
    expect(parseDid(input)).toBe(input);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe('did');
    return false;
  }
}

const DID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:%-';
const didChar = fc.constantFrom(...DID_CHARS.split(''));
// Mostly legal characters, now and then one that is not.
const nearDidChar = fc.oneof(
  { weight: 20, arbitrary: didChar },
  { weight: 1, arbitrary: fc.constantFrom('/', '?', '#', ' ', '\n', 'é', '\u0000', '@', '+', '~') },
);

/** Strings shaped like DIDs: a prefix, a method and an identifier, each sometimes broken. */
const didShaped = fc
  .tuple(
    fc.constantFrom('did:', 'did:', 'did:', 'DID:', 'did', 'di:', ''),
    fc.oneof(
      fc.string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')),
        minLength: 1,
        maxLength: 8,
      }),
      fc.string({ unit: fc.constantFrom(...'abcPLC1:-'.split('')), maxLength: 8 }),
    ),
    fc.constantFrom(':', ':', ':', '', '::'),
    fc.string({ unit: nearDidChar, maxLength: 40 }),
  )
  .map((parts) => parts.join(''));

/** DID-shaped strings around the 2048-character limit. */
const longDid = fc
  .tuple(fc.integer({ min: 2030, max: 2070 }), fc.constantFrom('a', '.', ':', '%', '-'))
  .map(([length, last]) => `did:plc:${'x'.repeat(length - 9)}${last}`);

describe('isDid agrees with @atproto/syntax', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: didChar })),
        (input) => expectAgreement(input),
      ),
      { numRuns: 3000 },
    );
  });

  it('on DID-shaped strings', () => {
    let valid = 0;
    fc.assert(
      fc.property(didShaped, (input) => {
        expectAgreement(input);
        if (isDid(input)) valid++;
      }),
      { numRuns: 3000 },
    );
    // The generator must exercise both answers, or the agreement proves little (about 13% valid).
    expect(valid).toBeGreaterThan(150);
    expect(valid).toBeLessThan(2850);
  });

  it('on DID-shaped strings around the length limit', () => {
    fc.assert(fc.property(longDid, expectAgreement), { numRuns: 300 });
    expectAgreement(`did:plc:${'x'.repeat(2040)}`);
    expectAgreement(`did:plc:${'x'.repeat(2041)}`);
    expect(isDid(`did:plc:${'x'.repeat(2040)}`)).toBe(true);
    expect(isDid(`did:plc:${'x'.repeat(2041)}`)).toBe(false);
  });

  it('on non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['did:plc:abc'], new String('did:plc:abc')]) {
      expect(isDid(value)).toBe(isValidDid(value));
      expect(parses(value)).toBe(false);
    }
  });
});

describe('SessionManager DID checks agree with @atproto/syntax', () => {
  it('refuses exactly what the AT Protocol refuses, before any storage call', async () => {
    const storage = new RecordingStorage();
    const manager = new SessionManager({ storage });
    await fc.assert(
      fc.asyncProperty(fc.oneof(didShaped, longDid, fc.string()), async (input) => {
        storage.calls.length = 0;
        let error: unknown;
        try {
          await manager.listSessions(input as Did);
        } catch (caught) {
          error = caught;
        }
        if (accepts(ensureValidDidRegex, input)) {
          expect(error).toBeUndefined();
          expect(storage.calls).toHaveLength(1);
        } else {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect((error as InvalidArgumentError).field).toBe('did');
          expect(storage.calls).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
