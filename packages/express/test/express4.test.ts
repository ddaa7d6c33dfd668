import { runFrameworkSuite } from '@coatcheck/framework-tests';
import express4 from 'express4';
import { expressHarness } from './express-harness.js';

runFrameworkSuite('@coatcheck/express on Express 4', expressHarness(express4));
