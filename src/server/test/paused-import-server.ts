// A test-only server entry (the import crash test): the real server, started as `ntm start` does,
// with one instrumentation hook — every import pauses (60 s) inside its transaction once half of
// its communes are written, printing NTM_TEST_IMPORT_PAUSED, so the test can kill the process
// there. The production entry never passes hooks.
import { loadConfig } from '../config';
import { startServer } from '../main';

const config = loadConfig(process.env);
const server = await startServer(config, {
  logger: false,
  hooks: {
    afterImportHalf: async () => {
      process.stdout.write('NTM_TEST_IMPORT_PAUSED\n');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    },
  },
});
process.stdout.write(`listening on ${server.url}\n`);
