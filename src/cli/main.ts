import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isRongheError, type Language } from '../kernel/index.ts';
import { UsageError, type CliCommand } from './command.ts';

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!commandNames().includes(name)) return undefined;
  const mod = (await import(pathToFileURL(`${commandsDir}${name}.ts`).href)) as {
    command: CliCommand;
  };
  return mod.command;
}

async function printHelp(): Promise<void> {
  const lines = ['Usage: ronghe <command> [options]', '', 'Commands:'];
  for (const name of commandNames()) {
    const cmd = await loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  lines.push('', 'Run `ronghe <command> --help` for the options of a command.');
  console.log(lines.join('\n'));
}

/** Entry point of the `ronghe` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    console.error(`ronghe: unknown command '${name}'. Commands: ${commandNames().join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`ronghe ${name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    if (isRongheError(e)) {
      console.error(`ronghe ${name}: ${e.code}: ${e.messageIn(terminalLanguage())}`);
      return 1;
    }
    if (
      e instanceof TypeError &&
      'code' in e &&
      typeof e.code === 'string' &&
      e.code.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`ronghe ${name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    throw e;
  }
}

/** The operator's language for errors printed to the terminal: POSIX locale variables in their
 * order of precedence (LC_ALL, LC_MESSAGES, LANG; POSIX.1-2017 §8.2); zh_CN.UTF-8 and any other
 * Chinese locale read Chinese, everything else English. */
export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}
