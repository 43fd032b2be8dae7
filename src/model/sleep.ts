/** Waits `ms` milliseconds: between retries of a request, and between the rounds of `explain-drain --watch`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
