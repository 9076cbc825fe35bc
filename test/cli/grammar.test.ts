import { describe, expect, test } from 'vitest';
import { resolve, usageOf } from '../../src/cli/grammar.js';

describe('gluster word tree', () => {
  test('unique prefixes stand for the whole word', () => {
    expect(resolve(['vol', 'inf', 'x'])).toEqual({
      kind: 'command',
      path: ['volume', 'info'],
      used: 2,
      usage: 'volume info [all|<VOLNAME>]',
    });
  });

  test('an exact word wins over a longer word it prefixes', () => {
    expect(resolve(['volume', 'reset', 'v'])).toMatchObject({ path: ['volume', 'reset'] });
    expect(resolve(['volume', 'reset-', 'v'])).toMatchObject({ path: ['volume', 'reset-brick'] });
  });

  test('ambiguous or unknown words report their position', () => {
    expect(resolve(['volume', 'st', 'x'])).toEqual({ kind: 'unknown-word', word: 'st', position: 1 });
    expect(resolve(['-V'])).toEqual({ kind: 'unknown-word', word: '-V', position: 0 });
    expect(resolve([''])).toEqual({ kind: 'unknown-word', word: '', position: 0 });
  });

  test('words that stop short of a command are incomplete', () => {
    expect(resolve(['volume'])).toEqual({ kind: 'incomplete' });
    expect(resolve(['system::', 'uuid'])).toEqual({ kind: 'incomplete' });
  });

  test('a node registered twice keeps the last template as its usage', () => {
    expect(usageOf('volume set')).toBe('volume set <VOLNAME> group <GROUP>');
    expect(usageOf('volume bitrot').split('\n')).toHaveLength(6);
  });

  test('bitrot and quota help are handled by their command node', () => {
    expect(resolve(['volume', 'quota', 'help'])).toMatchObject({ path: ['volume', 'quota'], used: 2 });
  });
});
