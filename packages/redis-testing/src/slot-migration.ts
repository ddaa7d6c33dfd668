import {
  type ClusterNode,
  type ClusterRef,
  clusterNodes,
  type NodeRef,
  nodeForSlot,
  slotOf,
} from './cluster-slots.js';
import { redisCommand } from './resp-client.js';

/** A slot put in the migrating/importing state by {@link beginSlotMigration}. */
export interface SlotMigration {
  /** The slot being moved. */
  readonly slot: number;
  /** The master that owned the slot (MIGRATING). */
  readonly source: ClusterNode;
  /** The master receiving it (IMPORTING). */
  readonly target: ClusterNode;
  /**
   * Moves these keys, all of the slot, from source to target with one `MIGRATE ... KEYS`; keys
   * the source does not hold are skipped. Resolves with how many it moved.
   */
  moveKeys(keys: readonly string[]): Promise<number>;
  /** Keys of the slot still on the source (at most `limit`, default 10,000). */
  keysOnSource(limit?: number): Promise<string[]>;
  /** Keys of the slot already on the target (at most 10,000). */
  keysOnTarget(): Promise<string[]>;
  /** Moves what is left and gives the slot to the target on every master. */
  finish(): Promise<void>;
  /** Moves the keys back to the source and leaves the slot with it, stable, on every master. */
  abort(): Promise<void>;
}

// Below RespConnection's own 5 s reply timeout, so a stalled MIGRATE reports its own error.
const MIGRATE_TIMEOUT_MS = 2000;
const KEYS_LIMIT = 10_000;

async function keysInSlot(node: NodeRef, slot: number, limit = KEYS_LIMIT): Promise<string[]> {
  const keys = await redisCommand(node.port, 'CLUSTER', 'GETKEYSINSLOT', slot, limit);
  return (keys as string[]).map(String);
}

async function migrate(from: NodeRef, to: NodeRef, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const reply = await redisCommand(
    from.port,
    'MIGRATE',
    '127.0.0.1',
    to.port,
    '',
    0,
    MIGRATE_TIMEOUT_MS,
    'KEYS',
    ...keys,
  );
  return reply === 'NOKEY' ? 0 : keys.length;
}

async function setSlotEverywhere(nodes: readonly ClusterNode[], slot: number, owner: ClusterNode) {
  // The new owner first, so that it never refuses a redirected client (Redis's own order).
  const ordered = [owner, ...nodes.filter((node) => node.id !== owner.id)];
  for (const node of ordered)
    await redisCommand(node.port, 'CLUSTER', 'SETSLOT', slot, 'NODE', owner.id);
}

/**
 * Starts moving `slot` to `toNode` the way `redis-cli --cluster reshard` does, one step at a
 * time under the test's control: `CLUSTER SETSLOT <slot> IMPORTING` on the target, `MIGRATING`
 * on the source. Until {@link SlotMigration.finish} or {@link SlotMigration.abort}, the slot is
 * half moved: the source answers `ASK` for keys it no longer holds, and `TRYAGAIN` for a
 * multi-key command (a script too) whose keys are split.
 *
 * @example
 * ```ts
 * const slot = slotOf('{user}:index');
 * const migration = await beginSlotMigration(cluster, slot, await otherNodeThan(cluster, slot));
 * await migration.moveKeys(['{user}:index']);   // records stay behind
 * await expect(storage.revokeAll(user)).rejects.toThrow(StorageError);
 * await migration.finish();
 * ```
 */
export async function beginSlotMigration(
  cluster: ClusterRef,
  slot: number,
  toNode: NodeRef,
): Promise<SlotMigration> {
  const nodes = await clusterNodes(cluster);
  const source = await nodeForSlot(cluster, slot);
  const target = nodes.find((node) => node.port === toNode.port);
  if (!target) throw new Error(`port ${toNode.port} is not a master of the cluster`);
  if (target.id === source.id) throw new Error(`slot ${slot} is already on port ${target.port}`);
  await redisCommand(target.port, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
  await redisCommand(source.port, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
  let settled = false;
  const settle = (): void => {
    if (settled) throw new Error(`the migration of slot ${slot} is already finished or aborted`);
    settled = true;
  };
  return {
    slot,
    source,
    target,
    moveKeys(keys) {
      const stray = keys.find((key) => slotOf(key) !== slot);
      if (stray !== undefined)
        return Promise.reject(new Error(`key ${stray} is in slot ${slotOf(stray)}, not ${slot}`));
      return migrate(source, target, keys);
    },
    keysOnSource: (limit) => keysInSlot(source, slot, limit),
    keysOnTarget: () => keysInSlot(target, slot),
    async finish() {
      settle();
      // Bounded: a key written meanwhile goes to the target (ASK), so the source only shrinks.
      for (let round = 0; round < 100; round++) {
        const left = await keysInSlot(source, slot);
        if (left.length === 0) break;
        await migrate(source, target, left);
      }
      await setSlotEverywhere(nodes, slot, target);
    },
    async abort() {
      settle();
      // A migrating source answers ASK even to RESTORE-ASKING: make it plain owner first.
      await redisCommand(source.port, 'CLUSTER', 'SETSLOT', slot, 'STABLE');
      for (let round = 0; round < 100; round++) {
        const moved = await keysInSlot(target, slot);
        if (moved.length === 0) break;
        await migrate(target, source, moved);
      }
      await redisCommand(target.port, 'CLUSTER', 'SETSLOT', slot, 'STABLE');
    },
  };
}

/** Options of {@link migrateSlotGradually}. */
export interface GradualMigrationOptions {
  /** Pause between two single-key moves, so the workload runs in between. @defaultValue `2` */
  readonly pauseMs?: number;
  /**
   * Past this time the keys left are moved at once and the slot handed over, so the cluster is
   * always left whole. @defaultValue `10_000`
   */
  readonly timeoutMs?: number;
}

/** What {@link migrateSlotGradually} did. */
export interface GradualMigrationResult {
  /** Keys moved one at a time. */
  readonly movedOneByOne: number;
  /** False when the deadline came first and the rest moved in one go. */
  readonly completedGradually: boolean;
}

/**
 * Moves `slot` to `toNode` one key at a time (`MIGRATE` of a single key, then a pause), so
 * that a workload running meanwhile meets the slot in every half-moved state, then hands the
 * slot over on every master. Bounded by `timeoutMs`.
 */
export async function migrateSlotGradually(
  cluster: ClusterRef,
  slot: number,
  toNode: NodeRef,
  options: GradualMigrationOptions = {},
): Promise<GradualMigrationResult> {
  const pauseMs = options.pauseMs ?? 2;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const migration = await beginSlotMigration(cluster, slot, toNode);
  let moved = 0;
  let completedGradually = false;
  while (Date.now() < deadline) {
    const [key] = await migration.keysOnSource(1);
    if (key === undefined) {
      completedGradually = true;
      break;
    }
    moved += await migration.moveKeys([key]);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  await migration.finish();
  return { movedOneByOne: moved, completedGradually };
}
