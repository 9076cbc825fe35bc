// The `volume create` parser on input the corpus does not cover. Expected texts marked "10.3"
// were checked against a real gluster 10.3 CLI.
import { describe, expect, it } from 'vitest';
import { parseCreate, type Confirm, type ParseOutcome } from '../../../src/mgmt/create-parse.js';

const yes: Confirm = async () => true;
const no: Confirm = async () => false;

async function ok(args: string, confirm: Confirm = yes) {
  const r = await parseCreate(args.split(' '), confirm);
  if (!r.ok) throw new Error(`expected success, got: ${r.lines.join(' | ')}`);
  return r;
}

async function fail(args: string, confirm: Confirm = yes): Promise<string[]> {
  const r: ParseOutcome = await parseCreate(args.split(' '), confirm);
  if (r.ok) throw new Error('expected a parse failure');
  return r.lines;
}

const B3 = 'server1:/b/1 server2:/b/2 server3:/b/3';

describe('keywords', () => {
  it('accepts unambiguous prefixes of option words (10.3)', async () => {
    const r = await ok(`v rep 3 ${B3} force`);
    expect(r.request).toMatchObject({ kind: 'replicate', replicaCount: 3, force: true });
  });

  it('treats an ambiguous prefix as a brick', async () => {
    expect(await fail(`v re 3 ${B3}`)).toEqual(['Wrong brick type: re, use <HOSTNAME>:<export-dir-abs-path>']);
  });

  it('reads counts like strtol(…, 0): hex and trailing garbage', async () => {
    expect((await ok(`v replica 0x3 ${B3} force`)).request.replicaCount).toBe(3);
    expect((await ok(`v replica 3abc ${B3} force`)).request.replicaCount).toBe(3);
  });

  it('repeats the disperse-data complaint until the loop gives up (10.3)', async () => {
    expect(await fail('v disperse-data -5 server1:/b/1 force')).toEqual([
      'disperse-data must be greater than 1',
      'disperse-data must be greater than 1',
      'disperse-data must be greater than 1',
      'Wrong brick type: disperse-data, use <HOSTNAME>:<export-dir-abs-path>',
    ]);
  });

  it('stops after three option groups: a fourth keyword is read as a brick', async () => {
    expect(await fail(`v disperse 3 redundancy 1 transport tcp disperse-data 2 ${B3} force`)).toEqual([
      'Wrong brick type: disperse-data, use <HOSTNAME>:<export-dir-abs-path>',
    ]);
  });

  it('takes transport case-insensitively and in either order', async () => {
    expect((await ok(`v transport RDMA,TCP ${B3} force`)).request.transport).toBe('tcp,rdma');
    expect((await ok(`v ${B3}`)).request.transport).toBe('tcp');
    expect(await fail(`v transport tcp transport rdma ${B3}`)).toEqual(["'transport' option given more than one time"]);
  });

  it('turns replica 2 arbiter 1 into replica 3 arbiter 1 without the replica 2 question', async () => {
    let asked = 0;
    const r = await ok(`v replica 2 arbiter 1 ${B3}`, async () => !!++asked);
    expect(r.request).toMatchObject({ replicaCount: 3, arbiterCount: 1 });
    expect(asked).toBe(0);
  });

  it('asks the replica 2 question unless the last word is force; no means failure', async () => {
    const questions: string[] = [];
    const r = await ok('v replica 2 server1:/b/1 server2:/b/2', async (q) => !!questions.push(q));
    expect(r.request.replicaCount).toBe(2);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/^Replica 2 volumes are prone to split-brain\..*\nDo you still want to continue\?\n$/s);
    expect(await fail('v replica 2 server1:/b/1 server2:/b/2', no)).toEqual([]);
    await ok('v replica 2 server1:/b/1 server2:/b/2 force', no);
  });

  it('parses thin-arbiter: the last brick is the thin-arbiter brick', async () => {
    const r = await ok('v replica 2 thin-arbiter 1 server1:/b/1 server2:/b/2 server3:/b/ta force');
    expect(r.request).toMatchObject({ thinArbiterCount: 1, bricks: ['server1:/b/1', 'server2:/b/2'], taBrick: 'server3:/b/ta' });
    expect(await fail(`v replica 3 thin-arbiter 1 ${B3}`)).toEqual([
      'For thin-arbiter configuration, replica count must be 2 and thin-arbiter count must be 1. The 3rd brick of the replica will be the thin-arbiter brick',
    ]);
  });
});

describe('disperse counts and questions', () => {
  it('asks for disperse-data without redundancy and derives both counts (10.3)', async () => {
    const questions: string[] = [];
    const six = 'server1:/b/1 server2:/b/2 server3:/b/3 server1:/b/4 server2:/b/5 server3:/b/6';
    const r = await ok(`v disperse-data 4 ${six} force`, async (q) => !!questions.push(q));
    expect(questions).toEqual(['Redundancy for this configuration is 2. Do you want to create the volume with this value ?']);
    expect(r.request).toMatchObject({ kind: 'disperse', disperseCount: 6, redundancyCount: 2 });
    expect(await fail(`v disperse-data 3 ${six} force`)).toEqual(['Please provide redundancy count along with disperse-data count']);
  });

  it('checks disperse = data + redundancy', async () => {
    expect(await fail(`v disperse 3 disperse-data 2 redundancy 2 ${B3}`)).toEqual([
      'Disperse count(3) should be equal to sum of disperse-data count(2) and redundancy count(2)',
    ]);
  });

  it('takes the disperse count from the bricks when only "disperse" is given', async () => {
    const r = await ok(`v disperse ${B3} force`);
    expect(r.request).toMatchObject({ disperseCount: 3, redundancyCount: 1 });
  });
});

describe('bricks', () => {
  it('canonicalises brick paths before looking for duplicates (10.3)', async () => {
    expect(await fail('v server1:/x//d1/ server1:/x/d1 force')).toEqual(['Found duplicate exports server1:/x/d1']);
    expect((await ok('v server1:/x//d1/ force')).request.bricks).toEqual(['server1:/x/d1']);
  });

  it('refuses localhost, 127.0.0.1 and 0.x hosts, but not other loopback addresses', async () => {
    const refusal =
      'Please provide a valid hostname/ip other than localhost, 127.0.0.1 or loopback address (0.0.0.0 to 0.255.255.255).';
    for (const h of ['localhost', '127.0.0.1', '0.1.2.3']) expect(await fail(`v ${h}:/b/1`)).toEqual([refusal]);
    expect((await ok('v 127.0.0.2:/b/1')).warnings).toEqual([]);
  });

  it('warns about host names that break the rules but goes on (10.3)', async () => {
    const r = await ok('v my_host:/b/1 force');
    expect(r.warnings).toEqual(["internet address 'my_host' does not conform to standards"]);
    expect(r.request.bricks).toEqual(['my_host:/b/1']);
  });

  it('names the first bad character of a volume name', async () => {
    expect(await fail('vol.1 server1:/b/1')).toEqual([
      'Volume name should not contain "." character.\nVolume names can onlycontain alphanumeric, \'-\' and \'_\' characters.',
    ]);
  });
});

describe('stripe (GlusterFS 3.x grammar, kept on purpose)', () => {
  it('accepts stripe N with a brick count that is a multiple of N', async () => {
    const r = await ok('v stripe 2 server1:/s/1 server2:/s/2 server1:/s/3 server2:/s/4 force');
    expect(r.request).toMatchObject({ kind: 'stripe', stripeCount: 2 });
  });

  it('takes only the full word, so that prefixes parse as in 10.3', async () => {
    expect(await fail('v str 2 server1:/s/1 server2:/s/2')).toEqual(['Wrong brick type: str, use <HOSTNAME>:<export-dir-abs-path>']);
  });

  it('gives the 3.x messages for bad stripe counts and combinations', async () => {
    expect(await fail('v stripe 1 server1:/s/1')).toEqual(['stripe count should be greater than 1']);
    expect(await fail('v stripe 2 server1:/s/1 server2:/s/2 server1:/s/3')).toEqual([
      'number of bricks is not a multiple of stripe count',
    ]);
    expect(await fail('v stripe 2 replica 2 server1:/s/1 server2:/s/2')).toEqual(['striped-replicated volume is not supported']);
    expect(await fail(`v disperse 3 stripe 3 ${B3}`)).toEqual(['striped-dispersed volume is not supported']);
  });
});

describe('arbitrary input', () => {
  const vocabulary = [
    'replica', 'rep', 'r', 'arbiter', 'thin-arbiter', 'disperse', 'disperse-data', 'redundancy', 'transport',
    'stripe', 'force', 'tcp', 'rdma', 'tcp,rdma', 'udp', '0', '1', '2', '3', '4', '6', '-1', '0x3', '3x', '',
    '99999999999', '999999999999999999999', 'server1:/b/1', 'server2:/b/2', 'server3:/b/3', 'server1:/b//4/',
    'localhost:/b', 'h:rel', '/abs', ':/x', 'a:b:/c', 'my_host:/d',
  ];

  it('always ends in a request or gluster-style lines, and requests are consistent', async () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const words = ['vol', ...Array.from({ length: rand(9) }, () => vocabulary[rand(vocabulary.length)])];
      const r = await parseCreate(words, async () => rand(2) === 0);
      if (!r.ok) {
        for (const line of r.lines) expect(typeof line).toBe('string');
        continue;
      }
      accepted++;
      const q = r.request;
      expect(q.bricks.length).toBeGreaterThan(0);
      expect(new Set(q.bricks).size).toBe(q.bricks.length);
      if (q.kind === 'replicate') expect(q.replicaCount).toBeGreaterThanOrEqual(2);
      if (q.kind === 'disperse') {
        expect(q.bricks.length % q.disperseCount).toBe(0);
        expect(q.redundancyCount).toBeGreaterThanOrEqual(1);
        expect(2 * q.redundancyCount).toBeLessThan(q.disperseCount);
      }
      if (q.kind === 'stripe') expect(q.bricks.length % q.stripeCount).toBe(0);
    }
    expect(accepted).toBeGreaterThan(50);
  });
});
