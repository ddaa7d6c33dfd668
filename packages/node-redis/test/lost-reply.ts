import { SCRIPTS } from '@coatcheck/redis';
import { rawCommand } from '@coatcheck/redis-testing';
import { expect } from 'vitest';
import type { Combo, Connected } from './helpers.js';

// Both majors (the runner recognises a lost connection by node-redis's own errors), and a
// cluster, whose node connections drop the same way.
export const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 5, protocol: 2, topology: 'standalone' },
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
];

/** Polls `check` every 5 ms, at most 2 s; fails the test if it never holds. */
export async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never: ${what}`);
}

/**
 * The tested client's connection that carries commands on `key`, with its id, and the
 * scripts loaded there: a reply-less EVALSHA must find its script, since a skipped
 * NOSCRIPT would never run it.
 */
export async function connectionFor(connected: Connected, key: string) {
  const connection = await connected.connectionFor(key);
  for (const script of Object.values(SCRIPTS))
    await connection.send(['SCRIPT', 'LOAD', script.script]);
  const id = String(await connection.send(['CLIENT', 'ID']));
  /** Kills it from outside; node-redis then reconnects. */
  const kill = async () => {
    expect(await rawCommand(connection.port, `CLIENT KILL ID ${id}`)).toBe(':1\r\n');
  };
  return { ...connection, id, kill };
}

/**
 * Runs `operation` with its reply lost: the server runs the script but sends no reply
 * (`CLIENT REPLY SKIP`), and once `ran` sees its effect from another connection, the
 * connection is killed. node-redis rejects the command; the runner must send it again.
 * Settles with what the operation resolved with, or the error it rejected with.
 */
export async function lostReply(
  connected: Connected,
  key: string,
  operation: () => Promise<unknown>,
  ran: () => Promise<boolean>,
): Promise<unknown> {
  const connection = await connectionFor(connected, key);
  const skipped = connection.send(['CLIENT', 'REPLY', 'SKIP']).then(
    () => 'replied',
    (error: unknown) => error,
  );
  const pending = operation().catch((error: unknown) => error);
  await until('the first run had its effect', ran);
  await connection.kill();
  const result = await pending;
  // node-redis did reject what was in flight, the operation's EVALSHA included.
  expect(await skipped).toBeInstanceOf(Error);
  return result;
}
