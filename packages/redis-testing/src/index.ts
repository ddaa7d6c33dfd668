export {
  type ClusterReplyDroppingProxies,
  startClusterReplyDroppingProxies,
} from './cluster-reply-dropping-proxies.js';
export {
  type ClusterNode,
  type ClusterRef,
  clusterNodes,
  crc16,
  type NodeRef,
  nodeForSlot,
  nodeIdOf,
  otherNodeThan,
  slotOf,
} from './cluster-slots.js';
export {
  type CommandsPerOperationOptions,
  commandsPerOperation,
  formatCommandCounts,
  type OperationCommands,
} from './commands-per-operation.js';
export {
  type HttpReplyDroppingProxy,
  type ProxiedRequest,
  type RequestMatcher,
  startHttpReplyDroppingProxy,
} from './http-reply-dropping-proxy.js';
export { type LinkRelay, startLinkRelay } from './link-relay.js';
export {
  type CommandStats,
  type FilledMemory,
  type FillMemoryOptions,
  fillMemory,
  type MaxMemoryPolicy,
  readCommandStats,
  readErrorStats,
  resetStats,
  setMaxMemory,
} from './memory-limits.js';
export { type MonitorLine, parseMonitorLine } from './monitor-line.js';
export {
  type MonitoredCommand,
  monitorPrefix,
  type PrefixMonitor,
  parseMonitorArgs,
} from './prefix-monitor.js';
export { type RedisCluster, startRedisCluster } from './redis-cluster.js';
export { type RedisReplica, type StartReplicaOptions, startRedisReplica } from './redis-replica.js';
export { type RedisServer, type StartRedisOptions, startRedisServer } from './redis-server.js';
export {
  type ReplicaControls,
  type ReplicatedPrimary,
  startReplicatedPrimary,
} from './replicated-primary.js';
export {
  type CommandMatcher,
  commandMatches,
  type ProxiedCommand,
  type ReplyDroppingProxy,
  startReplyDroppingProxy,
} from './reply-dropping-proxy.js';
export { rawCommand } from './resp.js';
export { parseInfo, type RespArg, RespConnection, readInfo, redisCommand } from './resp-client.js';
export {
  encodeCommand,
  type RespCommand,
  type RespFrame,
  RespReplyError,
  type RespValue,
  readCommand,
  readFrame,
} from './resp-parser.js';
export {
  recordClusterScriptKeyAccess,
  recordScriptKeyAccess,
  type ScriptCall,
  type ScriptCommand,
  type ScriptKeyReport,
} from './script-key-access.js';
export { type ProvidesContext, type SharedServers, startSharedServers } from './shared-servers.js';
export {
  beginSlotMigration,
  type GradualMigrationOptions,
  type GradualMigrationResult,
  migrateSlotGradually,
  type SlotMigration,
} from './slot-migration.js';
export { type TrackingCacheStorage, trackingUp, waitFor } from './wait-for.js';
