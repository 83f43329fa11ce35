import type { Command } from '../command';
import { analyzeCommand } from './analyze';
import { initCommand } from './init';
import { validateCommand } from './validate';

/** Every CLI command, in the order `threatmodel --help` lists them. Add one line per new command. */
export const COMMANDS: Command[] = [
  initCommand,
  validateCommand,
  analyzeCommand,
];
