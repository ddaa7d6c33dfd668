// Error classes, and how the manager turns backend failures into StorageError.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CoatcheckError,
  type Did,
  didBucket,
  generateSessionId,
  InvalidArgumentError,
  SessionManager,
  SessionRevokedError,
  StorageError,
} from '../src/index.js';
import { caught } from './support/expect-invalid.js';
import { RecordingLogger, RecordingStorage, tokenFor } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';
const UPSTASH_TAIL = (id: string) =>
  `, command was: [["evalsha","4f1c...",2,"cc:{${id.slice(0, 4)}}:s:${id}","cc:{${id.slice(0, 4)}}:u:${DID}"]]`;

describe('error classes', () => {
  it('all are CoatcheckErrors and Errors, with their own name', () => {
    const errors = [
      new InvalidArgumentError('metadata.ipAddress', 'too long'),
      new SessionRevokedError('gone'),
      new StorageError('ioredis', 'get', new Error('ECONNREFUSED')),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(CoatcheckError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('InvalidArgumentError names the field in .field and in the message', () => {
    const error = new InvalidArgumentError('metadata.ipAddress', 'must be at most 64 characters');
    expect(error.field).toBe('metadata.ipAddress');
    expect(error.message).toContain('metadata.ipAddress');
  });
});

describe('StorageError', () => {
  it('keeps the original error as cause and names adapter and operation', () => {
    const cause = new Error('ECONNREFUSED 127.0.0.1:6379');
    const error = new StorageError('ioredis', 'revokeAll', cause);
    expect(error.cause).toBe(cause);
    expect(error.adapter).toBe('ioredis');
    expect(error.message).toContain('ioredis');
    expect(error.message).toContain('revokeAll');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('drops an Upstash-style "command was: [...]" suffix', () => {
    const id = generateSessionId(didBucket(DID));
    const cause = new Error(
      `ERR Error running script (call to f_4f1c): @user_script:12: boom${UPSTASH_TAIL(id)}`,
    );
    const error = new StorageError('upstash', 'get', cause);
    expect(error.message).toContain('boom');
    expect(error.message).not.toMatch(/command was/i);
    expect(error.message).not.toContain('evalsha');
    expect(error.message).not.toContain(DID);
    expect(error.cause).toBe(cause);
  });

  it('masks anything shaped like a session id in the message (property)', () => {
    const idArb = fc.integer({ min: 0, max: 0xffff }).map(generateSessionId);
    const upper = idArb.map((id) => id.toUpperCase());
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.oneof(idArb, upper),
        fc.string({ maxLength: 80 }),
        fc.boolean(),
        fc.boolean(),
        (before, id, after, asError, withCommand) => {
          const text = `${before}${id}${after}${withCommand ? UPSTASH_TAIL(id) : ''}`;
          const cause = asError ? new Error(text) : text;
          const error = new StorageError('upstash', 'revoke', cause);
          expect(error.message).not.toContain(id);
          // Not even the secret part after the bucket survives.
          expect(error.message.toLowerCase()).not.toContain(id.slice(4).toLowerCase());
          expect(error.message).not.toMatch(/command was/i);
          expect(error.cause).toBe(cause);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('caps the message length', () => {
    const error = new StorageError('keyv', 'list', new Error('x'.repeat(10_000)));
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('the manager wraps backend failures', () => {
  let storage: RecordingStorage;
  let logger: RecordingLogger;
  let manager: SessionManager;
  let id: string;

  beforeEach(() => {
    storage = new RecordingStorage();
    logger = new RecordingLogger();
    manager = new SessionManager({ storage, logger });
    id = generateSessionId(didBucket(DID));
  });

  const operations: ReadonlyArray<[string, (m: SessionManager, id: string) => Promise<unknown>]> = [
    ['create', (m) => m.createSession(DID, { ipAddress: '203.0.113.7', userAgent: 'UA' })],
    ['get', (m, id) => m.getSession(tokenFor(id))],
    ['update', (m, id) => m.updateSession(id, { scope: ['read'] })],
    ['revoke', (m, id) => m.revokeSession(id)],
    ['revokeAll', (m) => m.revokeAllSessions(DID)],
    ['revokeOthers', (m, id) => m.revokeOtherSessions(DID, id)],
    ['rotate', (m, id) => m.rotateSession(id)],
    ['list', (m) => m.listSessions(DID)],
    ['revokeToken', (m) => m.revokeToken('jti-1', new Date(Date.now() + 60_000))],
    ['isTokenRevoked', (m) => m.isTokenRevoked('jti-1')],
  ];

  for (const [operation, run] of operations) {
    it(`${operation}: a foreign error becomes a StorageError naming the adapter, logged at error level`, async () => {
      const cause = new TypeError(`socket closed while sending ${id}`);
      const failing = new Proxy(storage, {
        get: (target, key, receiver) =>
          key === operation
            ? async () => Promise.reject(cause)
            : Reflect.get(target, key, receiver),
      });
      manager = new SessionManager({ storage: failing, logger });
      const error = await caught(() => run(manager, id));
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).adapter).toBe('recording');
      expect((error as StorageError).message).toContain('recording');
      expect((error as StorageError).message).toContain(operation);
      expect((error as StorageError).cause).toBe(cause);
      expect((error as StorageError).message).not.toContain(id);
      const errors = logger.lines.filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(logger.text()).not.toContain(id);
    });
  }

  it('a coatcheck error from the adapter passes through unchanged', async () => {
    const own = new StorageError('recording', 'get', new Error('decode failed'));
    storage.answers.get = () => {
      throw own;
    };
    expect(await caught(() => manager.getSession(tokenFor(id)))).toBe(own);
  });

  it('a synchronous throw from the adapter is wrapped too', async () => {
    const cause = new Error('sync boom');
    const failing = Object.assign(Object.create(storage) as RecordingStorage, {
      list: () => {
        throw cause;
      },
    });
    manager = new SessionManager({ storage: failing, logger });
    const error = await caught(() => manager.listSessions(DID));
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).cause).toBe(cause);
  });

  it('a non-Error rejection is wrapped with the value as cause', async () => {
    const failing = Object.assign(Object.create(storage) as RecordingStorage, {
      isTokenRevoked: () => Promise.reject('connection reset'),
    });
    manager = new SessionManager({ storage: failing, logger });
    const error = await caught(() => manager.isTokenRevoked('jti-1'));
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).cause).toBe('connection reset');
    expect((error as StorageError).message).toContain('connection reset');
  });

  it('updateSession and rotateSession on a gone session throw SessionRevokedError without the id', async () => {
    for (const run of [() => manager.updateSession(id, {}), () => manager.rotateSession(id)]) {
      const error = await caught(run);
      expect(error).toBeInstanceOf(SessionRevokedError);
      expect((error as Error).message).not.toContain(id);
    }
  });
});
