import type { Finding } from './finding';
import type { Range } from './range';

/** One entry of a link field: `REQ-1` or `REQ-1@9f2c41d0`. */
export interface LinkEntry {
  /** The link type (frontmatter key), e.g. `verifies`. */
  readonly type: string;
  readonly target: string;
  readonly pin?: string;
  /** The whole entry as written (quotes excluded). */
  readonly raw: string;
  /** The entry's value in the source, quotes included. */
  readonly range: Range;
  /** Only the target ID. */
  readonly targetRange: Range;
  /** Only the pin's 8 hex digits, when there is a pin. */
  readonly pinRange?: Range;
  readonly keyRange: Range;
  /** What a mapping entry holds besides its target (Doorstop's review stamp): kept, never compared. */
  readonly stamp?: unknown;
}

/** The frontmatter keys that held an item's title, status and type (SPEC section 7, `fields`); absent: none was set. */
export interface ItemKeys {
  readonly title?: string | undefined;
  readonly status?: string | undefined;
  readonly type?: string | undefined;
}

export interface ItemField {
  readonly key: string;
  readonly value: unknown;
  readonly keyRange: Range;
  readonly valueRange: Range;
}

/** A design item: one Markdown file with an `id` of a configured kind. */
export interface Item {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly idRange: Range;
  /** The resolved title (frontmatter `title`, else the first H1), trimmed; '' when there is none. */
  readonly title: string;
  readonly titleRange?: Range;
  readonly status: string;
  readonly statusRange?: Range;
  /** Not retired (status `obsolete` by default): subject to coverage and required-link rules, and counts as coverage. */
  readonly live: boolean;
  /** Still carries a template's placeholder text (`item.placeholder`): gives no coverage. Absent: false. */
  readonly placeholder?: boolean;
  /** Which keys held the reserved fields; optional for items made elsewhere, where they are the defaults. */
  readonly keys?: ItemKeys;
  /** Every top-level frontmatter entry, link fields included. */
  readonly fields: ReadonlyMap<string, ItemField>;
  /** The body as the fingerprint reads it (after the frontmatter; a YAML item's `text`); optional for items made elsewhere. */
  readonly body?: string;
  /** Well-formed link entries, in source order. */
  readonly links: readonly LinkEntry[];
  readonly fingerprint: string;
  /** Range of the frontmatter (both `---` lines included), for edits that add keys. */
  readonly frontmatterRange: Range;
}

/** An ID found in a Markdown body or after a code tag. */
export interface IdReference {
  readonly id: string;
  readonly range: Range;
}

/** `@implements REQ-1` in a code file. */
export interface CodeTag extends IdReference {
  readonly tag: string;
  readonly tagRange: Range;
}

export type FileKind = 'item' | 'markdown' | 'code';

/**
 * Everything the engine keeps about one file: what it defines, links and mentions, and its
 * own findings. Every parsed file has all of these properties, in this order (`item`
 * undefined but for items): one object shape for the rules' hot loops.
 */
export interface ParsedFile {
  readonly file: string;
  readonly kind: FileKind;
  readonly item: Item | undefined;
  readonly references: readonly IdReference[];
  readonly tags: readonly CodeTag[];
  /**
   * Findings that depend on this file and the configuration alone (severity not yet
   * applied): problems of the file itself and what the rules that look at one item find.
   */
  readonly findings: readonly Finding[];
}
