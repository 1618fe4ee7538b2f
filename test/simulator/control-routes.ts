import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimContactOp } from './address-book.ts';
import { parseInput } from './errors.ts';
import { FAULT_CATALOG } from './fault-catalog.ts';
import { SIM_FAULTS, parseFaultName, type FaultOptionsInput, type SimFault } from './faults.ts';
import { LANGS } from './i18n.ts';
import type { Simulation } from './simulation.ts';
import type { StaticFile } from './static-files.ts';

const langBody = z.object({ lang: z.enum(LANGS) }).strict();
const linkCodeBody = z
  .object({
    code: z
      .string()
      .regex(/^[0-9A-Z]{8}$/i)
      .optional(),
  })
  .strict();

/** The control API under /__sim/: the same operations as `Simulator.control`, over HTTP. */
export function registerControlRoutes(app: FastifyInstance, simulation: Simulation, panel: ReadonlyMap<string, StaticFile>): void {
  const ok = () => ({ ok: true, state: simulation.state() });

  app.get('/__sim/state', async () => simulation.state());

  app.post('/__sim/scan', async () => {
    await simulation.scanQr();
    return ok();
  });

  app.post('/__sim/link-code', async (request) => {
    const { code } = parseInput(linkCodeBody, request.body ?? {}, 'link-code body');
    await simulation.linkWithCode(code);
    return ok();
  });

  // The operations are validated by updateContacts itself (400 on a bad one).
  app.post('/__sim/contacts', async (request) => {
    const revision = simulation.updateContacts((request.body ?? {}) as SimContactOp);
    return { ok: true, revision };
  });

  app.get('/__sim/contacts', async () => ({ revision: simulation.state().addressBook.revision, entries: simulation.addressBook() }));

  app.post('/__sim/lang', async (request) => {
    simulation.setLanguage(parseInput(langBody, request.body, 'language body').lang);
    return ok();
  });

  // The bodies are validated by the operations themselves (400 on a bad one).
  app.post('/__sim/build', async (request) => {
    const { version, movesMarker } = (request.body ?? {}) as { version: string; movesMarker?: boolean };
    simulation.setBuild(version, movesMarker === undefined ? {} : { movesMarker });
    return ok();
  });

  app.post('/__sim/min-chrome', async (request) => {
    simulation.setMinChromeMajor((request.body as { major?: number } | undefined)?.major as number);
    return ok();
  });

  app.post('/__sim/heap', async (request) => {
    simulation.growHeap((request.body as { mb?: number } | undefined)?.mb as number);
    return ok();
  });

  app.get('/__sim/faults', async () => {
    const active = simulation.state().faults;
    return SIM_FAULTS.map((name) => ({ name, active: name in active, options: active[name] ?? null, ...FAULT_CATALOG[name] }));
  });

  app.post<{ Params: { name: string } }>('/__sim/faults/:name', async (request) => {
    // inject() validates the options against the fault's own schema.
    simulation.inject(parseFaultName(request.params.name), (request.body ?? {}) as FaultOptionsInput<SimFault>);
    return ok();
  });

  app.delete<{ Params: { name: string } }>('/__sim/faults/:name', async (request) => {
    simulation.clear(parseFaultName(request.params.name));
    return ok();
  });

  app.delete('/__sim/faults', async () => {
    simulation.clear();
    return ok();
  });

  for (const [name, file] of panel) {
    const path = name === 'panel.html' ? '/__sim/panel' : `/__sim/${name}`;
    app.get(path, async (_request, reply) => reply.type(file.type).header('cache-control', 'no-cache').send(file.body));
  }
}
