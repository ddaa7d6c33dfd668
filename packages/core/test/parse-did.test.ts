// parseDid is how an app turns a plain string into a Did: the error must name the field the app
// chose and say what was wrong, and nothing else may pass.
import { describe, expect, it } from 'vitest';
import { type Did, InvalidArgumentError, isDid, MAX_DID_LENGTH, parseDid } from '../src/index.js';

function failure(value: unknown, field?: string): InvalidArgumentError {
  try {
    parseDid(value, field);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error(`parseDid accepted ${String(value)}`);
}

describe('parseDid', () => {
  it('returns a valid DID unchanged, typed as Did', () => {
    const fromDatabase: string = 'did:web:example.com';
    const did: Did = parseDid(fromDatabase);
    expect(did).toBe('did:web:example.com');
    expect(parseDid(`did:plc:${'x'.repeat(MAX_DID_LENGTH - 8)}`)).toHaveLength(MAX_DID_LENGTH);
  });

  it('names the field `did` by default, and the one it is given', () => {
    expect(failure('nope').field).toBe('did');
    expect(failure('nope', 'claims.sub').field).toBe('claims.sub');
    expect(failure('nope', 'claims.sub').message).toBe(
      'Invalid claims.sub: must be a DID such as did:plc:abc123',
    );
  });

  it('says why a value was refused', () => {
    expect(failure(42).message).toBe('Invalid did: must be a string');
    expect(failure(new String('did:plc:abc')).message).toBe('Invalid did: must be a string');
    expect(failure(`did:plc:${'x'.repeat(MAX_DID_LENGTH)}`).message).toBe(
      `Invalid did: must be at most ${MAX_DID_LENGTH} characters`,
    );
    for (const bad of [
      '',
      'did:plc:',
      'DID:plc:abc',
      'did:PLC:abc',
      'did:plc:abc%',
      'did:plc:a b',
    ]) {
      expect(failure(bad).message).toBe('Invalid did: must be a DID such as did:plc:abc123');
    }
  });

  it('narrows with isDid the same way', () => {
    const value: unknown = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
    if (!isDid(value)) throw new Error('expected a DID');
    const did: Did = value;
    expect(did).toBe(value);
    expect(isDid('did:plc:abc%')).toBe(false);
  });
});
