import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The workstation's network as both servers see it. Cutting it kills every open connection, as
 * losing the network would, except those carrying the simulator's own control requests: the
 * control API must stay reachable to restore the network.
 */
export class LocalNetwork {
  readonly #sockets = new Set<Socket>();
  readonly #control = new WeakSet<Socket>();

  track(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Records what the connection carries now; keep-alive connections change over time. */
  markControl(socket: Socket, control: boolean): void {
    if (control) this.#control.add(socket);
    else this.#control.delete(socket);
  }

  cut(): void {
    for (const socket of this.#sockets) if (!this.#control.has(socket)) socket.destroy();
  }
}
