/**
 * A `ronghe` sub-command. Each file in ./commands exports `command`; main.ts finds them by file
 * name, so adding a command touches no shared file.
 */
export interface CliCommand {
  /** The first word after `ronghe`, equal to the file name. */
  name: string;
  /** One line for `ronghe --help`. */
  summary: string;
  /** Full usage text, printed by `ronghe <name> --help` and on a usage error. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A usage error: main prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
