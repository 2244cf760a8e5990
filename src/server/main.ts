// The language server's entry point, bundled to dist/server.js: `node dist/server.js --stdio`
// (also --node-ipc, --socket=PORT, --pipe=NAME). `tracespine lsp --stdio` starts the same server.
import { startServer } from './server';

startServer();
