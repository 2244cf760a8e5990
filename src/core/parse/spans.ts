import type { CodeTag, IdReference, ItemField, LinkEntry } from '../model/item';
import type { LineIndex, Range } from '../model/range';

/*
 * Parsed pieces keep source offsets and compute LSP ranges on demand: a workspace of tens
 * of thousands of items then holds a few numbers per piece instead of three objects per
 * range, and positions are only worked out for what is reported or asked about.
 */

export class FieldSpan implements ItemField {
  constructor(
    readonly key: string,
    readonly value: unknown,
    private readonly lines: LineIndex,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get keyRange(): Range {
    return this.lines.rangeAt(this.keyStart, this.keyEnd);
  }

  get valueRange(): Range {
    return this.lines.rangeAt(this.valueStart, this.valueEnd);
  }

  toJSON(): object {
    return { key: this.key, value: this.value, keyRange: this.keyRange, valueRange: this.valueRange };
  }
}

export class LinkSpan implements LinkEntry {
  stamp?: unknown;

  constructor(
    readonly type: string,
    readonly target: string,
    readonly raw: string,
    readonly pin: string | undefined,
    private readonly lines: LineIndex,
    /** The entry's value, quotes included. */
    private readonly start: number,
    private readonly end: number,
    /** Where the raw text starts, or -1 when it cannot be located exactly (escapes). */
    private readonly inner: number,
    private readonly keyStart: number,
    private readonly keyEnd: number,
  ) {}

  get range(): Range {
    return this.lines.rangeAt(this.start, this.end);
  }

  get targetRange(): Range {
    return this.inner < 0 ? this.range : this.lines.rangeAt(this.inner, this.inner + this.target.length);
  }

  get pinRange(): Range | undefined {
    if (this.pin === undefined) return undefined;
    return this.inner < 0
      ? this.range
      : this.lines.rangeAt(this.inner + this.target.length + 1, this.inner + this.raw.length);
  }

  get keyRange(): Range {
    return this.lines.rangeAt(this.keyStart, this.keyEnd);
  }

  toJSON(): object {
    return {
      type: this.type,
      target: this.target,
      raw: this.raw,
      pin: this.pin,
      range: this.range,
      targetRange: this.targetRange,
      pinRange: this.pinRange,
      keyRange: this.keyRange,
    };
  }
}

export class ReferenceSpan implements IdReference {
  constructor(
    readonly id: string,
    private readonly lines: LineIndex,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): Range {
    return this.lines.rangeAt(this.start, this.end);
  }

  toJSON(): object {
    return { id: this.id, range: this.range };
  }
}

export class TagSpan implements CodeTag {
  constructor(
    readonly tag: string,
    readonly id: string,
    private readonly lines: LineIndex,
    private readonly start: number,
    private readonly end: number,
    private readonly tagStart: number,
    private readonly tagEnd: number,
  ) {}

  get range(): Range {
    return this.lines.rangeAt(this.start, this.end);
  }

  get tagRange(): Range {
    return this.lines.rangeAt(this.tagStart, this.tagEnd);
  }

  toJSON(): object {
    return { tag: this.tag, id: this.id, range: this.range, tagRange: this.tagRange };
  }
}
