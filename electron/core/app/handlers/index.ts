// Every contract entry's handler, grouped by area. The type makes a missing entry a compile error.
import type { CallName } from '../../../common/contract';
import { accountsHandlers } from './accounts';
import { closeoutHandlers } from './closeout';
import { codingHandlers } from './coding';
import type { Handler } from './context';
import { fidelityHandlers } from './fidelity';
import { fidelitySetupHandlers } from './fidelitySetup';
import { goldImportHandlers } from './goldImport';
import { reliabilityHandlers } from './reliability';
import { setupHandlers } from './setup';

export type { CoreContext, Caller } from './context';

export const handlers: { readonly [N in CallName]: Handler<N> } = {
  ...codingHandlers,
  ...setupHandlers,
  ...reliabilityHandlers,
  ...goldImportHandlers,
  ...fidelityHandlers,
  ...fidelitySetupHandlers,
  ...closeoutHandlers,
  ...accountsHandlers,
};
