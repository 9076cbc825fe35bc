// The volume-type tests the option rules depend on (glusterd_is_volume_replicate and friends).
import type { Volume } from '../types.js';

export const isReplicate = (v: Pick<Volume, 'type'>): boolean => v.type === 'Replicate' || v.type === 'Distributed-Replicate';

export const isDisperse = (v: Pick<Volume, 'type'>): boolean => v.type === 'Disperse' || v.type === 'Distributed-Disperse';
