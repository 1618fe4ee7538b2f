import { parseArgs } from 'node:util';
import { HttpError } from './errors.ts';
import { startSimulator } from './index.ts';

const USAGE =
  'usage: node test/simulator/cli.ts [--port 3100] [--independent-port 0] [--host 127.0.0.1] [--lang en|zh] [--address-book-size 0] [--no-model-storage]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3100' },
      'independent-port': { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      lang: { type: 'string', default: 'en' },
      'address-book-size': { type: 'string', default: '0' },
      'no-model-storage': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const simulator = await startSimulator({
    port: Number(values.port),
    independentPort: Number(values['independent-port']),
    host: values.host,
    lang: values.lang as 'en' | 'zh',
    addressBookSize: Number(values['address-book-size']),
    modelStorage: !values['no-model-storage'],
  });
  console.log('WhatsApp Web simulator');
  console.log(`  WhatsApp Web:  ${simulator.url}`);
  console.log(`  Internet:      ${simulator.independentUrl}`);
  console.log(`  Control panel: ${simulator.panelUrl}`);

  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    simulator.close().catch((error: unknown) => console.error(error));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Bad flags are reported by the options schema; anything else is a real failure.
  console.error(error instanceof HttpError ? `${error.message}\n${USAGE}` : error);
  process.exitCode = error instanceof HttpError ? 2 : 1;
});
