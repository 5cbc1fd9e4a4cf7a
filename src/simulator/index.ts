// Public entry of the Hex API simulator.
export { HexSimulator, sampleProjects } from './server.js';
export type * from './types.js';
