import type { AddressInfo } from 'node:net';
import { PORTAL_PATH, startIndependentServer } from './independent-server.ts';
import { LocalNetwork } from './local-network.ts';
import { parseSimulatorOptions, type SimulatorOptionsInput } from './options.ts';
import { Simulation } from './simulation.ts';
import type { Simulator } from './types.ts';
import { createWhatsAppServer } from './whatsapp-server.ts';

export type { BookChat, BookContact, SimAddressBookEntry, SimAddressBookSummary, SimChatListEntry, SimContactOp } from './address-book.ts';
export type { ActiveFaultsSnapshot, FaultOptions, FaultOptionsInput, SimFault } from './faults.ts';
export { SIM_FAULTS } from './faults.ts';
export type { Lang } from './i18n.ts';
export type { SimulatorOptions, SimulatorOptionsInput } from './options.ts';
export type { SimClientState, SimMessageState, SimState, Simulator, SimulatorControl } from './types.ts';

/** Starts the simulated WhatsApp Web and the "rest of the internet" server next to it. */
export async function startSimulator(opts: SimulatorOptionsInput = {}): Promise<Simulator> {
  const options = parseSimulatorOptions(opts);
  const network = new LocalNetwork();
  const simulation = new Simulation(options, network);
  const app = await createWhatsAppServer(simulation, options, network);
  await app.listen({ port: options.port, host: options.host });
  const independent = await startIndependentServer(options.host, options.independentPort, simulation.faults, network).catch(
    async (error: unknown) => {
      await app.close();
      throw error;
    },
  );

  const url = baseUrl(options.host, (app.server.address() as AddressInfo).port);
  const independentUrl = baseUrl(options.host, independent.port);
  simulation.portalUrl = new URL(`${PORTAL_PATH}?next=whatsapp`, independentUrl).href;
  return {
    url,
    independentUrl,
    panelUrl: `${url}__sim/panel`,
    control: simulation,
    async close() {
      simulation.close();
      await Promise.all([app.close(), independent.close()]);
    },
  };
}

/** A browsable address: wildcard binds are reached through loopback. */
function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/`;
}
