import type { Command } from '../command';
import { analyzeCommand } from './analyze';
import { diagramCommand } from './diagram';
import { discoverCommand } from './discover';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { initCommand } from './init';
import { registerCommand } from './register';
import { testsCommand } from './tests';
import { validateCommand } from './validate';

/** Every CLI command, in the order `threatmodel --help` lists them. Add one line per new command. */
export const COMMANDS: Command[] = [
  initCommand,
  validateCommand,
  analyzeCommand,
  exportCommand,
  diagramCommand,
  registerCommand,
  diffCommand,
  testsCommand,
  discoverCommand,
];
