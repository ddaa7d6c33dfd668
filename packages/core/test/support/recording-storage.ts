import type { Logger } from '../../src/index.js';
import type {
  CreateOptions,
  ListOptions,
  OperationContext,
  RevokeOneOptions,
  RevokeOptions,
  RotateOptions,
  SessionPatch,
  SessionRecord,
  SessionStorage,
  TouchOptions,
  TouchResult,
} from '../../src/storage.js';
import { formatToken } from '../../src/tokens.js';
import type { Did } from '../../src/types.js';

/** One call the manager made on the storage. */
export interface StorageCall {
  readonly method: keyof SessionStorage;
  readonly args: readonly unknown[];
}

/** Canned answers; each defaults to "nothing there". */
export interface StorageAnswers {
  create?: (
    record: SessionRecord,
    options: CreateOptions,
  ) => { readonly evicted: readonly string[] };
  /** A bare record reads as not slid (`fresh: false`). */
  get?: (id: string, options: TouchOptions) => SessionRecord | TouchResult | null;
  update?: (id: string, patch: SessionPatch, options: TouchOptions) => boolean;
  revoke?: (id: string, options: RevokeOptions) => { readonly did: Did } | null;
  revokeAll?: (did: Did, options: RevokeOptions) => readonly string[];
  revokeOthers?: (did: Did, keepId: string, options: RevokeOptions) => readonly string[] | null;
  rotate?: (id: string, newId: string, options: RotateOptions) => SessionRecord | null;
  list?: (did: Did, options: OperationContext) => readonly SessionRecord[];
  isTokenRevoked?: (jti: string, options: OperationContext) => boolean;
}

/**
 * A fake adapter that stores nothing and records every call, so a test can prove that bad input
 * never reached storage and see exactly what did.
 */
export class RecordingStorage implements SessionStorage {
  readonly name = 'recording';
  readonly capabilities = Object.freeze({ atomic: true });
  readonly calls: StorageCall[] = [];
  answers: StorageAnswers;

  constructor(answers: StorageAnswers = {}) {
    this.answers = answers;
  }

  /** Calls of one method, in order. */
  callsOf(method: keyof SessionStorage): StorageCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Arguments of the `index`-th call of `method`; throws when there was none. */
  argsOf(method: keyof SessionStorage, index = 0): readonly unknown[] {
    const call = this.callsOf(method)[index];
    if (!call) throw new Error(`no call ${index} of ${method}`);
    return call.args;
  }

  async create(record: SessionRecord, secretHash: string, options: CreateOptions) {
    this.calls.push({ method: 'create', args: [record, secretHash, options] });
    return this.answers.create?.(record, options) ?? { evicted: [] };
  }

  async get(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null> {
    this.calls.push({ method: 'get', args: [id, secretHash, options] });
    const answer = this.answers.get?.(id, options) ?? null;
    if (answer === null || 'record' in answer) return answer;
    return { record: answer, fresh: false };
  }

  async update(id: string, patch: SessionPatch, options: TouchOptions) {
    this.calls.push({ method: 'update', args: [id, patch, options] });
    return this.answers.update?.(id, patch, options) ?? false;
  }

  async revoke(id: string, options: RevokeOneOptions) {
    this.calls.push({ method: 'revoke', args: [id, options] });
    return this.answers.revoke?.(id, options) ?? null;
  }

  async revokeAll(did: Did, options: RevokeOptions) {
    this.calls.push({ method: 'revokeAll', args: [did, options] });
    return this.answers.revokeAll?.(did, options) ?? [];
  }

  async revokeOthers(did: Did, keepId: string, options: RevokeOptions) {
    this.calls.push({ method: 'revokeOthers', args: [did, keepId, options] });
    return this.answers.revokeOthers?.(did, keepId, options) ?? null;
  }

  async rotate(id: string, newId: string, newSecretHash: string, options: RotateOptions) {
    this.calls.push({ method: 'rotate', args: [id, newId, newSecretHash, options] });
    return this.answers.rotate?.(id, newId, options) ?? null;
  }

  async list(did: Did, options: ListOptions) {
    this.calls.push({ method: 'list', args: [did, options] });
    return this.answers.list?.(did, options) ?? [];
  }

  async revokeToken(jti: string, expiresAt: number, options: OperationContext) {
    this.calls.push({ method: 'revokeToken', args: [jti, expiresAt, options] });
  }

  async isTokenRevoked(jti: string, options: OperationContext) {
    this.calls.push({ method: 'isTokenRevoked', args: [jti, options] });
    return this.answers.isTokenRevoked?.(jti, options) ?? false;
  }
}

/** One line a {@link RecordingLogger} received. */
export interface LogLine {
  readonly level: keyof Logger;
  readonly message: string;
  readonly context: Record<string, unknown> | undefined;
}

/** A logger that keeps every line, for assertions on levels and on what a line may hold. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', message, context });
  }

  info(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, context });
  }

  warn(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, context });
  }

  error(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, context });
  }

  /** Every line as one string, to search for leaked secrets. */
  text(): string {
    return this.lines
      .map((line) => `${line.message} ${JSON.stringify(line.context ?? {})}`)
      .join('\n');
  }
}

/** A stored record for `did`, times in ms; override any field. */
export function makeRecord(
  id: string,
  did: Did,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    id,
    did,
    createdAt: 1_000_000,
    expiresAt: 2_000_000,
    lastActivity: 1_500_000,
    ipAddress: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    scope: ['read'],
    ...overrides,
  };
}

/** A well-formed token for `id` (the recording storage checks no secret). */
export function tokenFor(id: string): string {
  return formatToken(id, 'A'.repeat(32));
}
