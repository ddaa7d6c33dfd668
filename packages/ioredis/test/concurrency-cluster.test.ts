import { describeRaces } from './races.js';

describeRaces('cluster');
