import { slotOf } from './cluster-slots.js';
import { type RespConnection, redisCommand } from './resp-client.js';
import { RespReplyError } from './resp-parser.js';

/**
 * The keys a command touches, as the server itself resolves them with `COMMAND GETKEYS`
 * (which knows every command's key positions, `MSET`'s and `ZUNIONSTORE`'s too). A command
 * with no key arguments (`TIME`, `PING`) touches none; Redis answers those with an error.
 */
export async function findKeysCommandTouches(
  control: RespConnection,
  args: readonly Buffer[],
): Promise<string[]> {
  try {
    const keys = await control.send('COMMAND', 'GETKEYS', ...args);
    return (keys as unknown[]).map(String);
  } catch (error) {
    if (error instanceof RespReplyError) return [];
    throw error;
  }
}

/** A key in a slot the cluster node on `port` owns, so that a probe runs there unredirected. */
export async function ownedProbeKey(port: number): Promise<string> {
  const ranges = (await redisCommand(port, 'CLUSTER', 'SLOTS')) as unknown[][];
  const myId = String(await redisCommand(port, 'CLUSTER', 'MYID'));
  const owned = ranges.filter((range) => String((range[2] as unknown[])[2]) === myId);
  for (let n = 0; n < 100_000; n++) {
    const key = `coatcheck-probe-{${n}}`;
    const slot = slotOf(key);
    if (owned.some(([start, end]) => slot >= Number(start) && slot <= Number(end))) return key;
  }
  throw new Error(`node on ${port} owns no slot`);
}
