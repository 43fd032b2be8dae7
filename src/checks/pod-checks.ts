import type { Check } from './check.js';
import { podContainersNotReady } from './pod-containers-not-ready.js';
import { podFailed } from './pod-failed.js';
import { podPending } from './pod-pending.js';
import { podPhaseUnknown } from './pod-phase-unknown.js';

/** Pod health, in the order a pod lives: running but unready, not started, lost, failed. */
export const POD_CHECKS: readonly Check[] = [podContainersNotReady, podPending, podPhaseUnknown, podFailed];
