export {
  type CommandsPerOperationOptions,
  commandsPerOperation,
  formatCommandCounts,
  type OperationCommands,
} from './commands-per-operation.js';
export {
  type MonitoredCommand,
  monitorPrefix,
  type PrefixMonitor,
  parseMonitorArgs,
} from './prefix-monitor.js';
export { type RedisCluster, startRedisCluster } from './redis-cluster.js';
export { type RedisServer, type StartRedisOptions, startRedisServer } from './redis-server.js';
export { rawCommand } from './resp.js';
export { type ProvidesContext, type SharedServers, startSharedServers } from './shared-servers.js';
