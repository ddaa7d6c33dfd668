import { runFrameworkSuite } from '@coatcheck/framework-tests';
import express from 'express';
import { expressHarness } from './express-harness.js';

runFrameworkSuite('@coatcheck/express on Express 5', expressHarness(express));
