;;; eglot-check.el --- Emacs Eglot (1.9 and later) driving `tracespine lsp --stdio'  -*- lexical-binding: t -*-
;; Run by scripts/editors/eglot-check.sh in `emacs --batch' on a scratch copy of the example.
;; Checks, in Eglot's own client: diagnostics reach Flymake, hover comes as plain text (no
;; markdown-mode), rename answers with edits, and a file changed on disk (Eglot registers
;; the watcher the server asks for) is seen. One line per check; exits non-zero on failure.
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar tc-root (file-name-as-directory (getenv "TRACESPINE_WS")))
(defvar tc-cli (getenv "TRACESPINE_BIN"))

(defvar tc-log (getenv "TRACESPINE_LOG")
  "Where the lines go when Emacs runs in a terminal (not --batch), whose output is the screen.")
(defun tc-say (line)
  (if tc-log (write-region (concat line "\n") nil tc-log t 'quiet) (princ (concat line "\n"))))
(defun tc-fail (fmt &rest args)
  (tc-say (concat "FAIL " (apply #'format fmt args)))
  (kill-emacs 1))
(defun tc-ok (fmt &rest args) (tc-say (concat "ok   " (apply #'format fmt args))))

(defun tc-wait (pred seconds)
  "Run the event loop until PRED holds or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      ;; file-notify events are input events: only reading input (sit-for) handles them
      (if noninteractive (accept-process-output nil 0.1) (sit-for 0.1))
      (when (bound-and-true-p flymake-mode) (flymake-start)))
    v))

(defun tc-codes ()
  (mapcar (lambda (d) (flymake-diagnostic-text d)) (flymake-diagnostics)))

;; The setup docs/editors.md gives, with text-mode for Markdown (no markdown-mode installed).
(add-to-list 'auto-mode-alist '("\\.md\\'" . text-mode))
(add-to-list 'eglot-server-programs `((text-mode c-mode) . ("node" ,tc-cli "lsp" "--stdio")))

;; With TRACESPINE_SERVER_WATCHES=1, the override docs/editors.md gives: no dynamic
;; registration for watched files, so the server watches the workspace itself.
(when (equal (getenv "TRACESPINE_SERVER_WATCHES") "1")
  (cl-defmethod eglot-client-capabilities :around (_server)
    (let* ((caps (cl-call-next-method))
           (ws (plist-get caps :workspace)))
      (plist-put ws :didChangeWatchedFiles '(:dynamicRegistration :json-false))
      caps)))

(find-file (expand-file-name "design/tests/TST-001.md" tc-root))
(apply #'eglot (eglot--guess-contact))
(unless (tc-wait (lambda () (eglot-current-server)) 20) (tc-fail "no server"))
(tc-ok "server: %s" (plist-get (eglot--server-info (eglot-current-server)) :name))

;; TST-010 verifies REQ-101, which no item defines (the example's dangling link).
(let ((buf (find-file (expand-file-name "design/tests/TST-010.md" tc-root))))
  (with-current-buffer buf
    (eglot-ensure)
    (unless (tc-wait (lambda () (eglot-managed-p)) 10) (tc-fail "TST-010 not managed"))
    (let ((diags (tc-wait (lambda () (tc-codes)) 20)))
      (unless diags (tc-fail "diagnostics: none in TST-010"))
      (tc-ok "diagnostics: %s" (car diags)))))

;; Hover on `REQ-001' in TST-001 (line 6 `verifies: [REQ-001...'): plain text.
(with-current-buffer (get-file-buffer (expand-file-name "design/tests/TST-001.md" tc-root))
  (goto-char (point-min))
  (re-search-forward "^verifies: \\[REQ-001")
  (backward-char 2)
  (let ((h (jsonrpc-request (eglot-current-server) :textDocument/hover
                            (eglot--TextDocumentPositionParams))))
    (let ((contents (plist-get h :contents)))
      (unless (and contents (equal (plist-get contents :kind) "plaintext"))
        (tc-fail "hover: %S" h))
      (tc-ok "hover: plain text: %s" (car (split-string (plist-get contents :value) "\n")))))
  ;; Rename REQ-001 -> REQ-901: the server answers with edits across files.
  (let* ((params (append (eglot--TextDocumentPositionParams) '(:newName "REQ-901")))
         (edit (jsonrpc-request (eglot-current-server) :textDocument/rename params)))
    (let ((n (+ (length (plist-get edit :documentChanges)) (length (plist-get edit :changes)))))
      (when (zerop n) (tc-fail "rename: %S" edit))
      (tc-ok "rename: %d document change(s)" n))))

;; A file changed on disk, not open: TST-003 now verifies REQ-019 too, which then loses
;; its coverage finding in REQ-019's buffer.
(defun tc-unverified-p ()
  (cl-some (lambda (m) (string-match-p "coverage.unverified" m)) (tc-codes)))
(let* ((req (find-file (expand-file-name "design/requirements/REQ-019.md" tc-root)))
       (tst (expand-file-name "design/tests/TST-003.md" tc-root)))
  (with-current-buffer req
    (eglot-ensure)
    (tc-wait (lambda () (eglot-managed-p)) 10)
    (unless (tc-wait #'tc-unverified-p 20) (tc-fail "REQ-019 is not unverified at first: %S" (tc-codes)))
    (with-temp-buffer
      (insert-file-contents tst)
      (goto-char (point-min))
      (unless (re-search-forward "^verifies: \\[REQ-003\\]" nil t) (tc-fail "TST-003 has no verifies line"))
      (replace-match "verifies: [REQ-003, REQ-019]")
      (write-region nil nil tst nil 'quiet))
    (unless (tc-wait (lambda () (not (tc-unverified-p))) 15)
      (tc-fail "file changed on disk not seen: %S" (tc-codes)))
    (tc-ok "watched: a file changed on disk is checked")))

(eglot-shutdown (eglot-current-server))
(kill-emacs 0)
