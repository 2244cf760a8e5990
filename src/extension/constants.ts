/** Identifiers the manifest (package.json) and the code share. */

export const CLIENT_ID = 'tracespine';
export const CLIENT_NAME = 'Tracespine';

export const VIEW_CONTAINER_ID = 'tracespine';
export const VIEW_ID = 'tracespine.designControls';

export const ContextKeys = {
  /** `starting` | `ready` | `empty` (no items, no tracespine.yaml) | `configInvalid` | `failed`. */
  state: 'tracespine.state',
  /** `all` | `uncovered` | `suspect` | `errors` | `failing` | `stale` | `unexecuted`: the Design Controls view's filter. */
  filter: 'tracespine.filter',
  /** The active editor's document defines a design item. */
  activeEditorIsItem: 'tracespine.activeEditorIsItem',
} as const;

export const Settings = {
  section: 'tracespine',
  decorations: 'decorations.enabled',
  codeLens: 'codeLens.enabled',
} as const;

/** Markdown plus the languages of the default `code` globs (SPEC section 3). */
export const CODE_LANGUAGES = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'c',
  'cpp',
  'csharp',
  'java',
  'kotlin',
  'go',
  'rust',
  'swift',
] as const;
