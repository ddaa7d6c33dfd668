import { runFrameworkSuite } from '@coatcheck/framework-tests';
import { honoHarness } from './hono-harness.js';

runFrameworkSuite('@coatcheck/hono', honoHarness);
