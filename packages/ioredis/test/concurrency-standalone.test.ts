import { describeRaces } from './races.js';

describeRaces('standalone');
