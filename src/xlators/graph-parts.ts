// The real translator classes a graph is built from.
import type { GraphParts } from './graph.js';
import { Posix } from './posix/posix.js';
import { Client } from './client/client.js';
import { Afr } from './afr/afr.js';
import { Dht } from './dht/dht.js';

export const defaultParts: GraphParts = { posix: Posix, client: Client, afr: Afr, dht: Dht };
