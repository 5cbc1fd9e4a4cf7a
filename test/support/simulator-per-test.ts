// A fresh Hex simulator for each test of a file, closed after the test.
import { afterEach } from 'vitest';
import { HexSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** Registers the cleanup and returns `start` (defaults overridden by its options) and `sim` (the running one). */
export function simulatorPerTest(defaults: SimulatorOptions) {
  let simulator: HexSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });
  return {
    start: async (options: SimulatorOptions = {}): Promise<HexSimulator> => {
      simulator = await HexSimulator.start({ ...defaults, ...options });
      return simulator;
    },
    sim: (): HexSimulator => {
      if (simulator === undefined) throw new Error('Start the simulator first.');
      return simulator;
    },
  };
}
