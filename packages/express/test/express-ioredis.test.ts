import { randomBytes } from 'node:crypto';
import { runFrameworkSuite } from '@coatcheck/framework-tests';
import { IoRedisStorage } from '@coatcheck/ioredis';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';
import { expressHarness } from './express-harness.js';

const client = new Redis({ host: '127.0.0.1', port: inject('redisPort') });
afterAll(() => client.quit());

runFrameworkSuite('@coatcheck/express on Express 5 with ioredis', {
  ...expressHarness(express),
  // A fresh key prefix for every test keeps them apart on the one server.
  storage: () => new IoRedisStorage(client, { keyPrefix: `fw${randomBytes(5).toString('hex')}:` }),
});
