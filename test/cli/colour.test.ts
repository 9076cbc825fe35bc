import { expect, test } from 'vitest';
import { paint } from '../../src/cli/colour.js';

test('colour codes only when the context allows colour', () => {
  expect(paint({ color: false }).red('x')).toBe('x');
  expect(paint({ color: true }).red('x')).toBe('\u001b[31mx\u001b[39m');
});
