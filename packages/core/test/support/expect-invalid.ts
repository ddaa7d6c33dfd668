import { expect } from 'vitest';
import { InvalidArgumentError } from '../../src/index.js';

/** Runs `action` and returns what it threw or rejected with (`undefined` when it succeeded). */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts that `action` throws or rejects with an `InvalidArgumentError` naming `field`. */
export async function expectInvalid(
  action: () => unknown,
  field: string,
): Promise<InvalidArgumentError> {
  const error = await caught(action);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).field).toBe(field);
  return error as InvalidArgumentError;
}
