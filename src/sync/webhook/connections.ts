// Keeps the receiver reachable when someone opens sockets and leaves them idle.
// Node's own guards (headers and request timeouts) only start once a request
// does, and `server.maxConnections` refuses the newcomer, so a handful of idle
// sockets could shut Notion out indefinitely. Here every connection is counted
// per peer and in total; at a bound, the oldest idle connection (no request in
// progress) is closed to make room, and only when every slot is busy with a
// live request (itself cut by the request timeout) is the newcomer refused. A
// connection idle longer than the idle limit is closed by a periodic sweep.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger';

export interface ConnectionLimits {
  /** Connections open at once, all peers together. */
  maxTotal: number;
  /** Connections open at once from one remote address. */
  maxPerPeer: number;
  /** A connection with no request in progress for this long is closed. */
  idleMs: number;
}

/** Throws RangeError for a limit that is not a positive integer. */
export function checkLimits(limits: ConnectionLimits): void {
  for (const [key, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${key} must be a positive integer, got ${v}`);
  }
}

interface Tracked {
  socket: Socket;
  peer: string;
  /** Requests received and not yet answered. */
  inFlight: number;
  /** Last time the connection opened, started or finished a request. */
  lastActive: number;
}

export class ConnectionGuard {
  private readonly open = new Map<Socket, Tracked>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
  ) {
    checkLimits(limits);
  }

  /** Counts the server's connections and requests; call before listen. */
  attach(server: http.Server): void {
    // Our own bound replaces Node's, which would refuse newcomers instead of idle sockets.
    server.maxConnections = Number.MAX_SAFE_INTEGER;
    server.prependListener('connection', (socket: Socket) => this.admit(socket));
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const t = this.open.get(req.socket);
      if (!t) return;
      t.inFlight++;
      t.lastActive = Date.now();
      res.once('close', () => {
        t.inFlight = Math.max(0, t.inFlight - 1);
        t.lastActive = Date.now();
      });
    });
    const every = Math.min(1_000, Math.max(50, Math.floor(this.limits.idleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  detach(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  get size(): number {
    return this.open.size;
  }

  private admit(socket: Socket): void {
    const peer = socket.remoteAddress ?? 'unknown';
    const fromPeer = [...this.open.values()].filter((t) => t.peer === peer);
    if (fromPeer.length >= this.limits.maxPerPeer && !this.evictIdle(fromPeer, `peer ${peer} at ${this.limits.maxPerPeer} connections`)) {
      return this.refuse(socket, `peer ${peer} has ${fromPeer.length} busy connections`);
    }
    if (this.open.size >= this.limits.maxTotal && !this.evictIdle([...this.open.values()], `${this.limits.maxTotal} connections open`)) {
      return this.refuse(socket, `${this.open.size} busy connections`);
    }
    this.open.set(socket, { socket, peer, inFlight: 0, lastActive: Date.now() });
    socket.once('close', () => this.open.delete(socket));
  }

  /** Closes the oldest idle connection among `candidates`; false when all are busy. */
  private evictIdle(candidates: Tracked[], why: string): boolean {
    let oldest: Tracked | undefined;
    for (const t of candidates) if (t.inFlight === 0 && (!oldest || t.lastActive < oldest.lastActive)) oldest = t;
    if (!oldest) return false;
    this.log.debug(`webhook receiver: ${why}; closing an idle connection from ${oldest.peer}`);
    this.open.delete(oldest.socket);
    oldest.socket.destroy();
    return true;
  }

  private refuse(socket: Socket, why: string): void {
    this.log.debug(`webhook receiver: refusing a connection (${why})`);
    socket.destroy();
  }

  private sweep(): void {
    const cutoff = Date.now() - this.limits.idleMs;
    for (const t of this.open.values()) {
      if (t.inFlight === 0 && t.lastActive < cutoff) {
        this.open.delete(t.socket);
        t.socket.destroy();
      }
    }
  }
}
