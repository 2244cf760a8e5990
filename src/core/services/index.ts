/** The language features as pure functions over a TraceIndex (one file per feature). */
export * from './types';
export { idAt, type IdAt, type IdRole } from './idAt';
export { hover, hoverText } from './hover';
export { definition, definitionsOf } from './definition';
export { references, referencesOf, type ReferenceOptions } from './references';
export { documentLinks } from './documentLinks';
export { documentSymbols, workspaceSymbols } from './symbols';
export { completion } from './completion';
export { prepareRename, rename, isRefusal, type PrepareRename } from './rename';
export { codeLenses, LENS_COMMANDS } from './codeLens';
export { codeActions, pinAllLinks, createMissingItem, coverageStubs } from './codeActions';
export { nextFreeId, nextId, folderFor, newItem, type NewItem, type NewItemOptions, type NextId } from './newItem';
export { itemCoverage, coverageText, downstream, downstreamList, incomingLinks, incomingLinkList } from './trace';
export type { ItemCoverage, Downstream, TraceLink } from './trace';
export { documentFor, mentions, mentionsOf, type Mention, type MentionRole } from './document';
