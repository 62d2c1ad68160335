// Handlers of the fidelity entries.
import type { HandlerGroup } from './context';

export const fidelityHandlers: HandlerGroup<never> = {};
