// The accounts entries of the contract.
export const accountsEntries = {} as const;
