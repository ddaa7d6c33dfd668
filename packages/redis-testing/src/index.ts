export { type RedisCluster, startRedisCluster } from './redis-cluster.js';
export { type RedisServer, type StartRedisOptions, startRedisServer } from './redis-server.js';
export { rawCommand } from './resp.js';
