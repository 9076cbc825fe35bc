import { describe, expect, test } from 'vitest';
import { makeConfirm } from '../../src/cli/prompt.js';

const Q = 'Stopping volume will make its data inaccessible. Do you want to continue?';

async function ask(answer: string | undefined, script = false) {
  let out = '';
  const yes = await makeConfirm(script, (s) => void (out += s), () => answer)(Q);
  return { yes, out };
}

describe('gluster y/n prompt', () => {
  test.each(['y', 'Y', 'yes', 'YES', 'yEs'])('%s is yes, nothing after the prompt', async (a) => {
    expect(await ask(a)).toEqual({ yes: true, out: `${Q} (y/n) ` });
  });

  test.each(['n', 'N', 'no', 'NO'])('%s is no, silently', async (a) => {
    expect(await ask(a)).toEqual({ yes: false, out: `${Q} (y/n) ` });
  });

  // fgets() into 4 bytes: only the first three characters are looked at, nothing is trimmed
  test('only the first three characters count', async () => {
    expect((await ask('yesplease')).yes).toBe(true);
    expect((await ask('nope')).yes).toBe(false);
  });

  test.each(['maybe', ' y', 'y ', '', 'ye', 'yeah'])('%j is invalid input and counts as no', async (a) => {
    expect(await ask(a)).toEqual({ yes: false, out: `${Q} (y/n) Invalid input, please enter y/n\n` });
  });

  test('EOF is a read error and counts as no', async () => {
    expect(await ask(undefined)).toEqual({
      yes: false,
      out: `${Q} (y/n) gluster cli read error\nInvalid input, please enter y/n\n`,
    });
  });

  test('script mode answers yes without printing or reading', async () => {
    let read = false;
    let out = '';
    const yes = await makeConfirm(true, (s) => void (out += s), () => {
      read = true;
      return 'n';
    })(Q);
    expect({ yes, out, read }).toEqual({ yes: true, out: '', read: false });
  });
});
