/**
 * Impact mode's side list, the reviewer's workspace: what changed, what depends on it (to
 * re-review), what it links to (to re-check) and the code to re-check, each entry opening
 * its file or its diff against the base; suspect links say what changed since the pin and
 * can be re-affirmed from here.
 */
import type {
  ImpactMessage,
  ReviewCodeEntry,
  ReviewEntry,
  ReviewGroup,
  ReviewSuspectLink,
} from '../src/shared/protocol';
import { h } from './dom';

/** What the list asks of the page (each becomes a message to the host). */
export interface ReviewActions {
  open(entry: { id?: string; file: string; line: number }): void;
  diff(entry: { id?: string; file: string; baseFile: string }): void;
  sincePin(link: { target: string; pin: string }): void;
  reaffirm(link: { file: string; line: number; character: number }): void;
}

const GROUP_TITLES: Record<ReviewGroup | 'other', string> = {
  changed: 'Changed on this branch',
  impacted: 'Impacted: re-review',
  upstream: 'Upstream: re-check',
  other: 'Needs re-review',
};

export class ReviewList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly against: HTMLElement;

  constructor(private readonly actions: ReviewActions) {
    this.count = h('vscode-badge', {}, '0');
    this.against = h('p', { class: 'review-against', id: 'review-against' });
    this.list = h('div', { class: 'review-list', id: 'review-list' });
    this.element = h(
      'aside',
      { class: 'review', id: 'review', hidden: '', 'aria-label': 'Needs re-review' },
      h('h2', {}, 'Needs re-review ', this.count),
      this.against,
      this.list,
    );
    this.list.addEventListener('click', (ev) => this.onClick(ev));
  }

  set hidden(hidden: boolean) {
    this.element.hidden = hidden;
  }

  private onClick(ev: Event): void {
    const el = ev.target instanceof Element ? ev.target.closest<HTMLElement>('button') : null;
    if (!el || !this.list.contains(el)) return;
    const d = el.dataset;
    const line = Number(d.line ?? 0);
    const id = d.id !== undefined && d.id !== '' ? { id: d.id } : {};
    if (el.classList.contains('review-reaffirm'))
      this.actions.reaffirm({ file: d.file ?? '', line, character: Number(d.character ?? 0) });
    else if (el.classList.contains('review-since-pin'))
      this.actions.sincePin({ target: d.target ?? '', pin: d.pin ?? '' });
    else if (el.classList.contains('review-diff') || (el.classList.contains('review-entry') && d.primary === 'diff'))
      this.actions.diff({ ...id, file: d.file ?? '', baseFile: d.baseFile ?? '' });
    else if (el.classList.contains('review-entry') || el.classList.contains('review-open'))
      this.actions.open({ ...id, file: d.file ?? '', line });
  }

  render(msg: ImpactMessage): void {
    const code = msg.code ?? [];
    this.count.textContent = String(msg.review.length + code.length);
    this.against.replaceChildren(
      'Against ',
      h('strong', { class: 'review-base', id: 'review-base' }, msg.base),
      ...(msg.commit !== undefined ? [` (merge base ${msg.commit.slice(0, 8)})`] : []),
    );
    const groups = new Map<ReviewGroup | 'other', ReviewEntry[]>();
    for (const r of msg.review) {
      const g = r.group ?? 'other';
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(r);
    }
    const sections: HTMLElement[] = [];
    for (const g of ['changed', 'impacted', 'upstream', 'other'] as const) {
      const entries = groups.get(g);
      if (entries?.length) sections.push(section(g, GROUP_TITLES[g], entries.map(itemEntry)));
    }
    if (code.length > 0) sections.push(section('code', 'Code: re-check', code.map(codeEntry)));
    if (sections.length === 0) sections.push(h('p', { class: 'review-none' }, 'Nothing to re-review.'));
    this.list.replaceChildren(...sections);
  }
}

function section(group: string, title: string, items: HTMLElement[]): HTMLElement {
  return h(
    'section',
    { class: 'review-group', 'data-group': group, 'aria-label': title },
    h('h3', {}, `${title} (${items.length})`),
    h('ol', {}, ...items),
  );
}

function button(cls: string, label: string, title: string, data: Record<string, string>): HTMLElement {
  const attrs: Record<string, string> = { class: `review-action ${cls}`, type: 'button', title };
  for (const [k, v] of Object.entries(data)) attrs[`data-${k}`] = v;
  return h('button', attrs, label);
}

function itemEntry(r: ReviewEntry): HTMLElement {
  // A changed item opens as its diff against the base; anything else opens its file.
  const primary = r.group === 'changed' && r.baseFile !== undefined ? 'diff' : 'open';
  const data: Record<string, string> = {
    'data-id': r.id,
    'data-file': r.file,
    'data-line': String(r.line),
    'data-primary': primary,
  };
  if (r.baseFile !== undefined) data['data-base-file'] = r.baseFile;
  const entry = h(
    'button',
    {
      class: 'review-entry',
      type: 'button',
      ...data,
      title: primary === 'diff' ? `Diff ${r.file} against the base` : `Open ${r.file}:${r.line + 1}`,
    },
    h('span', { class: 'review-id' }, r.id),
    h('span', { class: 'review-title' }, r.title),
    h('span', { class: 'review-reason' }, r.reason),
    h('span', { class: 'review-file' }, `${r.file}:${r.line + 1}`),
  );
  const actions: HTMLElement[] = [];
  if (r.baseFile !== undefined)
    actions.push(
      button('review-diff', 'Diff', `${r.file} against the base`, { id: r.id, file: r.file, 'base-file': r.baseFile }),
    );
  if (r.change !== 'deleted')
    actions.push(button('review-open', 'Open', `Open ${r.file}`, { id: r.id, file: r.file, line: String(r.line) }));
  const li = h(
    'li',
    { class: `review-item${r.change ? ` change-${r.change}` : ''}`, 'data-id': r.id },
    entry,
    h('div', { class: 'review-actions' }, ...actions),
  );
  if (r.suspect?.length) li.append(h('ul', { class: 'review-suspects' }, ...r.suspect.map((s) => suspectRow(r, s))));
  return li;
}

function suspectRow(r: ReviewEntry, s: ReviewSuspectLink): HTMLElement {
  return h(
    'li',
    { class: 'review-suspect', 'data-target': s.target },
    h(
      'span',
      { class: 'review-suspect-text' },
      `Suspect: ${s.type} ${s.target} changed since the pin ${s.pin} (now ${s.current})`,
    ),
    h(
      'span',
      { class: 'review-actions' },
      button('review-since-pin', 'What changed', `${s.target} at ${s.pin} against its current text`, {
        target: s.target,
        pin: s.pin,
      }),
      button(
        'review-reaffirm',
        'Re-affirm',
        `Pin ${s.target}'s current fingerprint ${s.current} in ${r.file} (undoable)`,
        { file: r.file, line: String(s.line), character: String(s.character), target: s.target },
      ),
    ),
  );
}

function codeEntry(c: ReviewCodeEntry): HTMLElement {
  // Changed tags (or a deleted file) open as the diff; a file only tagging what changed opens itself.
  const primary = c.inBase && (c.tagsChanged.length > 0 || !c.inHead) ? 'diff' : 'open';
  const data: Record<string, string> = { 'data-file': c.file, 'data-line': String(c.line), 'data-primary': primary };
  if (c.inBase) data['data-base-file'] = c.file;
  const entry = h(
    'button',
    { class: 'review-entry review-code', type: 'button', ...data, title: c.file },
    h('span', { class: 'review-id' }, c.file.split('/').pop() ?? c.file),
    h('span', { class: 'review-title' }, c.inHead ? '' : 'deleted'),
    h('span', { class: 'review-reason' }, c.reason),
    h('span', { class: 'review-file' }, `${c.file}:${c.line + 1}`),
  );
  const actions: HTMLElement[] = [];
  if (c.inBase)
    actions.push(button('review-diff', 'Diff', `${c.file} against the base`, { file: c.file, 'base-file': c.file }));
  if (c.inHead) actions.push(button('review-open', 'Open', `Open ${c.file}`, { file: c.file, line: String(c.line) }));
  return h(
    'li',
    { class: 'review-item', 'data-file': c.file },
    entry,
    h('div', { class: 'review-actions' }, ...actions),
  );
}
