/** Impact mode's side list: the items that need re-review, each opening its file. */
import type { ImpactMessage, ReviewEntry } from '../src/shared/protocol';
import { h } from './dom';

export class ReviewList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;

  constructor(open: (entry: Pick<ReviewEntry, 'id' | 'file' | 'line'>) => void) {
    this.count = h('vscode-badge', {}, '0');
    this.list = h('ol', { class: 'review-list', id: 'review-list' });
    this.element = h(
      'aside',
      { class: 'review', id: 'review', hidden: '', 'aria-label': 'Needs re-review' },
      h('h2', {}, 'Needs re-review ', this.count),
      this.list,
    );
    this.list.addEventListener('click', (ev) => {
      const b = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.review-entry') : null;
      if (!b) return;
      open({ id: b.dataset.id ?? '', file: b.dataset.file ?? '', line: Number(b.dataset.line ?? 0) });
    });
  }

  set hidden(hidden: boolean) {
    this.element.hidden = hidden;
  }

  render(msg: ImpactMessage): void {
    this.count.textContent = String(msg.review.length);
    this.list.replaceChildren(
      ...msg.review.map((r) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              class: 'review-entry',
              type: 'button',
              'data-id': r.id,
              'data-file': r.file,
              'data-line': String(r.line),
              title: `Open ${r.file}:${r.line + 1}`,
            },
            h('span', { class: 'review-id' }, r.id),
            h('span', { class: 'review-title' }, r.title),
            h('span', { class: 'review-reason' }, r.reason),
            h('span', { class: 'review-file' }, `${r.file}:${r.line + 1}`),
          ),
        ),
      ),
    );
    if (msg.review.length === 0) this.list.append(h('li', { class: 'review-none' }, 'Nothing to re-review.'));
  }
}
