// Standalone Hex API simulator: `npm run simulator -- --port 8765 --time-scale 60`.
import { parseArgs } from 'node:util';
import { sampleProjects } from './sample-projects.js';
import { HexSimulator } from './server.js';

const DEFAULT_PORT = 8765;
const USAGE = `Usage: npm run simulator -- [--port N] [--host ADDRESS] [--token TOKEN] [--time-scale N]

Serves a simulated Hex API with the sample projects.

  --port N          TCP port (default ${DEFAULT_PORT}, or HEX_SIMULATOR_PORT)
  --host ADDRESS    address to bind (default 127.0.0.1, or HEX_SIMULATOR_HOST); 0.0.0.0 in a container
  --token TOKEN     bearer token that clients must send (default sim-token, or HEX_SIMULATOR_TOKEN)
  --time-scale N    simulated ms per real ms; 60 makes a simulated minute last a real second (default 1)
  --help            print this help`;

function parsePositiveNumber(name: string, raw: string, integer: boolean): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`Invalid ${name} ${JSON.stringify(raw)}: expected a positive ${integer ? 'integer' : 'number'}.`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'time-scale': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const port = parsePositiveNumber('--port', values.port ?? process.env.HEX_SIMULATOR_PORT ?? `${DEFAULT_PORT}`, true);
  const timeScale = parsePositiveNumber('--time-scale', values['time-scale'] ?? '1', false);
  const token = values.token ?? process.env.HEX_SIMULATOR_TOKEN;
  let tokenSource = 'the default';
  if (values.token !== undefined) tokenSource = '--token';
  else if (token !== undefined) tokenSource = 'HEX_SIMULATOR_TOKEN';

  const simulator = await HexSimulator.start({
    port,
    host: values.host ?? process.env.HEX_SIMULATOR_HOST ?? '127.0.0.1',
    timeScale,
    projects: sampleProjects,
    ...(token === undefined ? {} : { tokens: [token] }),
  });
  console.log(`Hex API simulator listening at ${simulator.baseUrl} (time scale ${timeScale})`);
  console.log(`Bearer token: from ${tokenSource} (not printed)`);
  console.log(`Admin API: http://127.0.0.1:${simulator.port}/_simulator/stats`);
  console.log('Projects:');
  for (const project of sampleProjects) {
    const outcomes = (project.outcomes ?? []).map((outcome) => outcome.status).join(' then ');
    console.log(`  ${project.projectId}  ${project.title} (${outcomes || 'COMPLETED'})`);
  }

  const stop = (signal: string): void => {
    console.log(`Received ${signal}, stopping the simulator.`);
    simulator.close().then(
      () => console.log('Simulator stopped.'),
      (error: unknown) => {
        console.error('Simulator failed to stop cleanly:', error);
        process.exitCode = 1;
      }
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
