-- Headless Neovim (0.7 and later) driving `tracespine lsp --stdio` with its built-in client:
--   nvim --headless --clean -u NONE -l ... is 0.9+; for 0.7 use scripts/editors/nvim-check.sh.
-- Checks, in the editor's own client: diagnostics arrive, rename answers documentChanges
-- with the file rename, hover is Markdown, and a file changed on disk (Neovim registers no
-- watcher) is seen. Prints one line per check; exits non-zero on the first failure.
local root = assert(os.getenv('TRACESPINE_WS'), 'TRACESPINE_WS: a scratch copy of examples/infusion-pump')
local cli = assert(os.getenv('TRACESPINE_BIN'), 'TRACESPINE_BIN: bin/tracespine.js')

local function fail(msg)
  io.stdout:write('FAIL ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
local function ok(msg) io.stdout:write('ok   ' .. msg .. '\n') end

local id = vim.lsp.start_client({
  name = 'tracespine',
  cmd = { 'node', cli, 'lsp', '--stdio' },
  root_dir = root,
})
if not id then fail('start_client') end
vim.cmd('edit ' .. root .. '/design/tests/TST-001.md')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)

-- Diagnostics of a file with findings (the example has one error and four warnings).
local function all_diagnostics()
  local n = 0
  for _, d in pairs(vim.diagnostic.get(nil)) do n = n + 1 end
  return n
end
if not vim.wait(20000, function() return all_diagnostics() >= 5 end, 100) then fail('diagnostics: got ' .. all_diagnostics()) end
ok('diagnostics: ' .. all_diagnostics())

-- Rename REQ-001 (on line 6, `verifies: [REQ-001]`): text edits and the file rename.
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 5, character = 12 }, newName = 'REQ-901' }
local r = client.request_sync('textDocument/rename', params, 10000, buf)
if not r or r.err or not r.result then fail('rename: ' .. vim.inspect(r)) end
local renamed = false
for _, c in ipairs(r.result.documentChanges or {}) do
  if c.kind == 'rename' and c.newUri:match('REQ%-901%.md$') then renamed = true end
end
if not renamed then fail('rename: no file rename in ' .. vim.inspect(r.result):sub(1, 400)) end
ok('rename: documentChanges with the file rename')

-- Hover: Markdown (Neovim renders it).
local h = client.request_sync('textDocument/hover', { textDocument = params.textDocument, position = params.position }, 10000, buf)
if not h or not h.result or h.result.contents.kind ~= 'markdown' then fail('hover: ' .. vim.inspect(h)) end
ok('hover: ' .. h.result.contents.value:match('^[^\n]*'))

-- A file changed on disk, not open in the editor: TST-002 now verifies an unknown ID.
local path = root .. '/design/tests/TST-002.md'
local f = assert(io.open(path, 'r')); local text = f:read('*a'); f:close()
local changed = text:gsub('REQ%-002@ef017ca3', 'REQ-404', 1)
vim.wait(1500) -- the server's own watcher starts after the first index
f = assert(io.open(path, 'w')); f:write(changed); f:close()
local uri = vim.uri_from_fname(path)
local function unknown()
  for _, d in ipairs(vim.diagnostic.get(vim.uri_to_bufnr(uri))) do
    if d.code == 'link.unknown-target' then return true end
  end
  return false
end
if not vim.wait(15000, unknown, 100) then fail('file changed on disk not seen') end
ok('watched: a file changed on disk is checked')

client.stop()
vim.wait(2000, function() return client.is_stopped() end, 50)
vim.cmd('qall!')
