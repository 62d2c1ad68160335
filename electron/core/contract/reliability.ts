// The reliability entries of the contract.
export const reliabilityEntries = {} as const;
