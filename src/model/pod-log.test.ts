import { logKey, MAX_LOG_LINE, tailOf } from './pod-log.js';

describe('pod logs', () => {
  it('keeps the last lines, without the final newline', () => {
    expect(tailOf('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(tailOf('a\r\nb', 5)).toEqual(['a', 'b']);
    expect(tailOf('', 3)).toEqual([]);
  });

  it('cuts a long line and marks the cut', () => {
    const [line] = tailOf('x'.repeat(MAX_LOG_LINE + 50), 1);
    expect(line).toHaveLength(MAX_LOG_LINE);
    expect(line?.endsWith('…')).toBe(true);
  });

  it('keys the previous run apart from the current one', () => {
    const request = { namespace: 'ns', pod: 'p', container: 'c', previous: false };
    expect(logKey(request)).toBe('ns/p/c');
    expect(logKey({ ...request, previous: true })).toBe('ns/p/c/previous');
  });
});
