// The hex-temporal command line: `npm run client -- <command>`.
import { Command, Option } from 'commander';
import { registerPipelineCommand } from './pipeline-command.js';
import { runCommand, UsageError, type RunFlags } from './run-command.js';
import { registerScheduleCommands } from './schedule-cli.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function addConnectionOptions(command: Command): Command {
  return command
    .option('--address <host:port>', 'Temporal frontend (env TEMPORAL_ADDRESS, default localhost:7233)')
    .option('--namespace <name>', 'Temporal namespace (env TEMPORAL_NAMESPACE, default default)')
    .option('--task-queue <name>', "the worker's task queue (env HEX_TASK_QUEUE, default hex-runs)")
    .option('--ui-url <url>', 'Temporal Web UI, for links (env TEMPORAL_UI_URL, default http://localhost:8233)');
}

const program = new Command('hex-temporal').description('Run Hex projects durably on Temporal').showHelpAfterError();

addConnectionOptions(
  program
    .command('run')
    .description('start the runHexProject workflow for one Hex project')
    .argument('<projectId>', "the project's uuid, from its URL")
    .option(
      '-p, --param <name=value>',
      'an input parameter; repeat for more (JSON values such as 42 or true are typed)',
      collect,
      []
    )
    .option('--params-file <file.json>', 'input parameters from a JSON object file; --param values override it')
    .option('--view-id <id>', "run with a saved view's inputs instead of --param")
    .option('--dry-run', 'ask Hex for a dummy response without running anything')
    .option('--update-published-results', "update the published app's results (not with --param)")
    .option('--no-cached-sql', 'rerun SQL instead of using cached results')
    .option('--wait-limit <duration>', 'how long to wait for the run, e.g. 30m (default 1h)')
    .option('--no-kill-on-timeout', 'leave the Hex run going when the wait limit is reached')
    .option('--poll-interval <duration>', 'first interval between status requests (default: the worker setting)')
    .option('--workflow-id <id>', 'workflow id (default hex-run-<project>-<random>)')
    .option('-w, --wait', 'follow the run with a progress line and print its result')
    .option('--json', "print the result as JSON, or without --wait the started workflow's ids and link")
).action(async (projectId: string, flags: RunFlags) => {
  process.exitCode = await runCommand(projectId, flags);
});

registerPipelineCommand(program, addConnectionOptions);
registerScheduleCommands(program, addConnectionOptions);

program.addOption(new Option('--debug', 'print stack traces').hideHelp());

program.parseAsync().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
