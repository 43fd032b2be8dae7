/** `1 disruption`, `2 disruptions`: the count and the noun, with an `s` unless the count is one. */
export const plural = (count: number, word: string): string => `${String(count)} ${word}${count === 1 ? '' : 's'}`;
