import { describeRaces } from './races.js';

describeRaces({ version: 6, protocol: 3, topology: 'cluster' });
