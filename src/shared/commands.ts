/** The command IDs (one table, in the engine: its code lenses carry some of them). */
export { Commands, InternalCommands, UNCONTRIBUTED_COMMANDS } from '../core/commands';
