// The fidelity entries of the contract.
export const fidelityEntries = {} as const;
