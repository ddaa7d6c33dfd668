import { InvalidArgumentError } from '@coatcheck/core';
import { expect } from 'vitest';

/** The field the `InvalidArgumentError` thrown by `make` names; `undefined` when none is thrown. */
export function fieldOf(make: () => unknown): string | undefined {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as InvalidArgumentError).field;
  }
  return undefined;
}
