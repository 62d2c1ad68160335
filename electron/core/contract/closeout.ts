// The closeout entries of the contract.
export const closeoutEntries = {} as const;
