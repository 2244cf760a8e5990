/* global acquireVsCodeApi, document, Element, MouseEvent */
// The Design Controls Dashboard's only script (loaded by nonce under the panel's CSP): an entry
// with data-file and data-line asks the extension to open its item. Nothing else runs here.
(function () {
  const vscode = acquireVsCodeApi();
  vscode.postMessage({ type: 'ready' });
  document.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-file]') : null;
    if (!el) return;
    e.preventDefault();
    vscode.postMessage({
      type: 'open',
      file: el.getAttribute('data-file'),
      line: Number(el.getAttribute('data-line')),
      id: el.getAttribute('data-id'),
    });
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.target instanceof Element) || !e.target.hasAttribute('data-file')) return;
    e.target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
})();
