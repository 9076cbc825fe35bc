#!/usr/bin/env node
// Builds src/mgmt/options/catalogue-data.ts from GlusterFS 10.3 facts:
//  - glusterd's volume-set map (key, xlator type, xlator option name, table value, doc class,
//    special validator, client-side flag), in map order;
//  - each xlator's options[] table (type, min, max, range mode, accepted values);
//  - the reference volume-options.tsv (what `volume get` shows, in order, per volume type).
// Usage: node scripts/gen-option-catalogue.mjs <glusterfs git dir> <volume-options.tsv>
// The checked-in output is the runtime source of truth; this script only regenerates it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const [gitDir, tsvPath] = process.argv.slice(2);
if (!gitDir || !tsvPath) {
  console.error('usage: gen-option-catalogue.mjs <glusterfs git dir> <volume-options.tsv>');
  process.exit(2);
}
const TAG = 'v10.3';
const show = (p) => execFileSync('git', ['-C', gitDir, 'show', `${TAG}:${p}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
const ls = () => execFileSync('git', ['-C', gitDir, 'ls-tree', '-r', '--name-only', TAG], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');

const files = ls();
const macros = new Map();
function learnMacros(src) {
  for (const m of src.matchAll(/^#define\s+(\w+)\s+([^\n\\]+)$/gm)) if (!macros.has(m[1])) macros.set(m[1], m[2].replace(/\/\*.*?\*\//g, '').trim());
}
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

/** Top-level `{...}` groups of an initializer body (strings and nesting respected). */
function splitEntries(body) {
  const out = [];
  let depth = 0, start = -1, inStr = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') { inStr = true; continue; }
    if (c === '{') { if (depth === 0) start = i + 1; depth++; }
    else if (c === '}') { depth--; if (depth === 0) out.push(body.slice(start, i)); }
  }
  return out;
}

/** `.field = value` pairs of one entry. */
function fields(entry) {
  const out = {};
  const parts = [];
  let depth = 0, inStr = false, cur = '';
  for (let i = 0; i < entry.length; i++) {
    const c = entry[i];
    if (inStr) { cur += c; if (c === '\\') { cur += entry[++i]; } else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    if (c === '{' || c === '(') depth++;
    if (c === '}' || c === ')') depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  for (const p of parts) {
    const m = /^\s*\.(\w+)\s*=\s*([\s\S]*?)\s*$/.exec(p);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** Macro names outside string literals replaced by their definitions (a few rounds deep). */
function expandIds(v) {
  for (let i = 0; i < 4; i++) {
    v = v
      .split(/("(?:[^"\\]|\\.)*")/)
      .map((part, j) => (j % 2 ? part : part.replace(/\b[A-Z_][A-Z0-9_]*\b/g, (id) => macros.get(id) ?? id)))
      .join('');
  }
  return v;
}

/** Concatenated C string literals -> JS string (undefined when the value is not a literal). */
function cstr(v) {
  if (v === undefined) return undefined;
  v = v.trim();
  v = expandIds(v);
  const lits = v.match(/"(?:[^"\\]|\\.)*"/g);
  if (!lits || v.replace(/"(?:[^"\\]|\\.)*"/g, '').trim() !== '') return undefined;
  return lits.map((l) => JSON.parse(l.replace(/\\'/g, "'"))).join('');
}
const strList = (v) => (v ? (expandIds(v).match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((l) => JSON.parse(l)) : []);

// ---- glusterd's volume-set map ----
// Values configure and multi-line macros give in the Debian 10.3 build.
for (const [k, v] of Object.entries({ SITE_H_ENABLE_LEAST_PRIORITY: '"on"', SITE_H_MD_CACHE_TIMEOUT: '"1"', DEFAULT_VAR_RUN_DIRECTORY: '"/var/run/gluster"', RPCSVC_DEFAULT_OUTSTANDING_RPC_LIMIT: '64' })) macros.set(k, v);
for (const [k, v] of Object.entries({ INT_MAX: '2147483647', UINT_MAX: '4294967295', UINT32_MAX: '4294967295', INFINITY: 'Infinity', LONG_MAX: '9223372036854775807', ULONG_MAX: '18446744073709551615', UINT64_MAX: '18446744073709551615' })) macros.set(k, v);
for (const f of files) if (/^libglusterfs\/src\/glusterfs\/(common-utils|xlator|options|globals|glusterfs|compat|logging|async)\.h$|^rpc\/rpc-lib\/src\/rpcsvc\.h$/.test(f)) learnMacros(show(f));
for (const h of ['xlators/mgmt/glusterd/src/glusterd.h', 'xlators/mgmt/glusterd/src/glusterd-volgen.h', 'xlators/mgmt/glusterd/src/glusterd-utils.h', 'xlators/mgmt/glusterd/src/glusterd-volume-set.c']) learnMacros(show(h));
const vsSrc = stripComments(show('xlators/mgmt/glusterd/src/glusterd-volume-set.c'));
const mapBody = vsSrc.slice(vsSrc.indexOf('glusterd_volopt_map[] = {') + 'glusterd_volopt_map[] = '.length);
const vmes = [];
for (const e of splitEntries(mapBody.slice(1, mapBody.indexOf('};')))) {
  const f = fields(e);
  const key = cstr(f.key);
  if (!key) continue;
  vmes.push({
    key,
    voltype: cstr(f.voltype),
    option: cstr(f.option),
    value: cstr(f.value),
    type: f.type ?? 'DOC',
    validateFn: f.validate_fn,
    client: /VOLOPT_FLAG_CLIENT_OPT/.test(f.flags ?? ''),
    neverReset: /VOLOPT_FLAG_NEVER_RESET/.test(f.flags ?? ''),
    force: /VOLOPT_FLAG_FORCE/.test(f.flags ?? ''),
    description: cstr(f.description),
  });
}

// ---- xlator option tables ----
function num(expr, depth = 0) {
  if (expr === undefined) return undefined;
  let e = expr.replace(/\(uint32_t\)\s*-1/g, '4294967295').replace(/\b0x([0-9a-fA-F]+)\b/g, (_, h) => String(parseInt(h, 16))).replace(/\b0([0-7]+)\b/g, (_, o) => String(parseInt(o, 8))).replace(/\b(\d+(?:\.\d+)?)(?:ULL|LL|UL|U|L)\b/g, '$1');
  e = e.replace(/[A-Za-z_]\w*/g, (id) => {
    if (id === 'Infinity') return id;
    if (depth > 8) return 'NaN';
    const m = macros.get(id);
    const v = m === undefined ? NaN : num(m, depth + 1);
    return v === undefined || Number.isNaN(v) ? 'NaN' : `(${v})`;
  });
  if (!/^[\d\s.()+\-*/<>NaInfity]+$/.test(e)) return NaN;
  try { return Number(Function(`"use strict";return (${e.replace(/<</g, '*2**').replace(/>>/g, '/2**')});`)()); } catch { return NaN; }
}

/** An option's default_value: a string literal, a macro, or TOSTRING(<number macro>). */
function cDefault(v) {
  if (v === undefined) return undefined;
  const t = /^TOSTRING\((\w+)\)$/.exec(v.trim());
  if (t) {
    const n = num(t[1]);
    return Number.isNaN(n) ? undefined : String(n);
  }
  return cstr(v);
}

const TYPE = {
  GF_OPTION_TYPE_INT: 'int', GF_OPTION_TYPE_SIZET: 'size', GF_OPTION_TYPE_BOOL: 'bool', GF_OPTION_TYPE_STR: 'str',
  GF_OPTION_TYPE_PERCENT: 'percent', GF_OPTION_TYPE_PERCENT_OR_SIZET: 'percent-or-size', GF_OPTION_TYPE_TIME: 'time',
  GF_OPTION_TYPE_DOUBLE: 'double', GF_OPTION_TYPE_PATH: 'path', GF_OPTION_TYPE_XLATOR: 'xlator', GF_OPTION_TYPE_ANY: 'any',
  GF_OPTION_TYPE_INTERNET_ADDRESS: 'addr', GF_OPTION_TYPE_INTERNET_ADDRESS_LIST: 'addr-list',
  GF_OPTION_TYPE_PRIORITY_LIST: 'priority-list', GF_OPTION_TYPE_SIZE_LIST: 'size-list', GF_OPTION_TYPE_CLIENT_AUTH_ADDR: 'mntauth',
  GF_OPTION_TYPE_STR_OR_NUM: 'any', GF_OPTION_TYPE_XLATOR: 'xlator',
};

/** xlator type (as in the map) -> source files holding its options tables. */
const DIRS = {
  'cluster/distribute': ['xlators/cluster/dht/src/dht-shared.c'],
  'cluster/nufa': ['xlators/cluster/dht/src/dht-shared.c', 'xlators/cluster/dht/src/nufa.c'],
  'cluster/switch': ['xlators/cluster/dht/src/dht-shared.c', 'xlators/cluster/dht/src/switch.c'],
  'cluster/replicate': ['xlators/cluster/afr/src/afr.c'],
  'cluster/disperse': ['xlators/cluster/ec/src/ec.c'],
  'rpc-transport/socket': ['rpc/rpc-transport/socket/src/socket.c'],
  'features/bit-rot': ['xlators/features/bit-rot/src/bitd/bit-rot.c'],
  'features/worm': ['xlators/features/read-only/src/worm.c'],
  'features/read-only': ['xlators/features/read-only/src/read-only.c'],
  'features/cdc': ['xlators/features/compress/src/cdc.c'],
  'features/access-control': ['xlators/system/posix-acl/src/posix-acl.c'],
  'features/locks': ['xlators/features/locks/src/posix.c'],
  'storage/posix': ['xlators/storage/posix/src/posix-common.c'],
  'nfs/server': ['xlators/nfs/server/src/nfs.c'],
  'mgmt/glusterd': ['xlators/mgmt/glusterd/src/glusterd.c'],
};
function sourcesFor(voltype) {
  if (DIRS[voltype]) return DIRS[voltype];
  const dir = `xlators/${voltype}/src/`;
  return files.filter((f) => f.startsWith(dir) && f.endsWith('.c') && !f.slice(dir.length).includes('/'));
}
const tableCache = new Map();
function optionsOf(voltype) {
  if (tableCache.has(voltype)) return tableCache.get(voltype);
  const opts = [];
  for (const f of sourcesFor(voltype)) {
    const raw = show(f);
    const dir = path.dirname(f);
    for (const h of files) if (h.startsWith(dir + '/') && h.endsWith('.h')) learnMacros(show(h));
    learnMacros(raw);
    const src = stripComments(raw);
    for (const m of src.matchAll(/struct\s+volume_options\s+\w+\s*\[\s*\w*\s*\]\s*=\s*\{/g)) {
      const body = src.slice(m.index + m[0].length - 1);
      let depth = 0, end = 0;
      for (let i = 0; i < body.length; i++) {
        if (body[i] === '"') { i++; while (body[i] !== '"') { if (body[i] === '\\') i++; i++; } continue; }
        if (body[i] === '{') depth++;
        else if (body[i] === '}') { depth--; if (depth === 0) { end = i; break; } }
      }
      for (const e of splitEntries(body.slice(1, end))) {
        const fl = fields(e);
        const keys = strList(fl.key);
        if (!keys.length) continue;
        const validate = /GF_OPT_VALIDATE_MIN/.test(fl.validate ?? '') ? 'min' : /GF_OPT_VALIDATE_MAX/.test(fl.validate ?? '') ? 'max' : 'both';
        opts.push({
          keys,
          type: TYPE[fl.type?.trim()] ?? (fl.type ? `?${fl.type}` : 'any'),
          min: fl.min === undefined ? 0 : num(fl.min),
          max: fl.max === undefined ? 0 : num(fl.max),
          validate,
          values: strList(fl.value),
          default: cDefault(fl.default_value),
          range: /OPT_FLAG_RANGE/.test(fl.flags ?? ''),
          description: cstr(fl.description),
        });
      }
    }
  }
  tableCache.set(voltype, opts);
  return opts;
}

// ---- the reference `volume get` rows ----
const tsv = fs.readFileSync(tsvPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));

const problems = [];
const NOT_INSTALLED = new Set(['nfs/server']);
/** Options this Linux build's translators do not have (compiled for other platforms only). */
const NOT_BUILT = new Set(['storage.xattr-user-namespace-mode']);
const HELP_KEYS = { 'auth.allow': 'auth.addr.*.allow', 'auth.reject': 'auth.addr.*.reject' };
const fmt0 = (n) => (n === Infinity ? 'inf' : String(Math.round(n)));
/** fnmatch without flags, for option key patterns (`transport.*`, `auth.addr.*.allow`). */
function fnmatch(pattern, s) {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(s);
}

// volgen's handlers that set a '!name' option under another name.
const RENAMED = { '!client-log-level': 'log-level', '!brick-log-level': 'log-level', '!client-threads': 'threads', '!brick-threads': 'threads' };
// '!debug' (debug.trace, error-gen, delay-gen) names where volgen inserts the translator
// (debugxl_option_handler): glusterd takes any value, so it has no check.
const TOGGLES = new Set(['!perf', '!nfsperf', '!feat', '!shard', '!features', '!utime', '!xtime', '!gsync-force-xtime', '!nfs-disable']);
const entries = vmes.map((v) => {
  const xlOpt = v.option ?? v.key.slice(v.key.lastIndexOf('.') + 1);
  // '!name' options are handled by glusterd's volgen: some map onto a real xlator option of that
  // name, the translator on/off switches are plain booleans that fail with a generic message.
  const name = RENAMED[xlOpt] ?? xlOpt.replace(/^!/, '');
  const found = v.voltype && !TOGGLES.has(xlOpt) && xlOpt !== '!debug' ? optionsOf(v.voltype).find((o) => o.keys.includes(name)) : undefined;
  let check = found ? { name, type: found.type, min: found.min, max: found.max, validate: found.validate, values: found.values } : undefined;
  if (TOGGLES.has(xlOpt)) check = { name, type: 'bool', min: 0, max: 0, validate: 'both', values: [], generic: true };
  if (check && (Number.isNaN(check.min) || Number.isNaN(check.max))) problems.push(`${v.key}: unresolved range`);
  // What `volume set help` prints for documented keys: glusterd's own text, else the translator's.
  // The translator option is looked up by glusterd's own key rule and fnmatch patterns; a
  // translator not installed (gNFS in this build) has no entries.
  let help;
  if (v.type === 'DOC' || v.type === 'GLOBAL_DOC') {
    if (v.description !== undefined) help = [v.value ?? '(null)', v.description];
    else if (v.voltype && !NOT_INSTALLED.has(v.voltype) && !NOT_BUILT.has(v.key)) {
      const hkey = HELP_KEYS[v.key] ?? (v.option ? v.option.replace(/^!/, '') : v.key.slice(v.key.indexOf('.') + 1));
      const o = optionsOf(v.voltype).find((x) => x.keys.some((k) => fnmatch(k, hkey)));
      if (o) {
        const d = o.description ?? '(null)';
        help = [o.default ?? '(null)', o.range ? `${d} Minimum value is ${fmt0(o.min)}, maximum value is ${fmt0(o.max)}.` : d];
      }
    }
  }
  return { ...v, xlOpt, check, help };
});

// Every tsv row must be a map key; tsv order is map order for the keys `volume get` can show.
let cursor = 0;
const shown = [];
for (const [key, def, marked] of tsv) {
  const at = entries.findIndex((e, i) => i >= cursor && e.key === key);
  if (at < 0) problems.push(`tsv key ${key} not in map order`);
  else {
    cursor = at + 1;
    entries[at].get = [def, marked === 'yes'];
  }
  shown.push({ key, def, marked: marked === 'yes', at });
}
if (problems.length) console.error(problems.join('\n'));

const q = (s) => JSON.stringify(s);
let out = `// GENERATED by scripts/gen-option-catalogue.mjs from GlusterFS ${TAG} facts and the reference
// volume-options.tsv. Checked in: this file is what tgluster uses at runtime.
import type { MapEntry } from './catalogue-types.js';

/** glusterd's volume-set map, in its order (the order \`volume get\` and key hints follow). */
export const MAP: MapEntry[] = [\n`;
for (const e of entries) {
  const parts = [`key: ${q(e.key)}`];
  if (e.voltype) parts.push(`voltype: ${q(e.voltype)}`);
  if (e.xlOpt) parts.push(`option: ${q(e.xlOpt)}`);
  if (e.neverReset) parts.push('neverReset: true');
  if (e.force) parts.push('forceReset: true');
  if (e.value !== undefined) parts.push(`value: ${q(e.value)}`);
  if (e.get) parts.push(`get: [${q(e.get[0])}, ${e.get[1]}]`);
  if (e.type !== 'DOC') parts.push(`doc: ${q(e.type)}`);
  if (e.validateFn) parts.push(`validateFn: ${q(e.validateFn)}`);
  if (e.client) parts.push('client: true');
  if (e.check) {
    const c = e.check;
    const cp = [`name: ${q(c.name)}`, `type: ${q(c.type)}`];
    if (c.min) cp.push(`min: ${c.min}`);
    if (c.max) cp.push(`max: ${c.max}`);
    if (c.validate !== 'both') cp.push(`validate: ${q(c.validate)}`);
    if (c.values.length) cp.push(`values: ${q(c.values)}`);
    if (c.generic) cp.push('generic: true');
    parts.push(`check: { ${cp.join(', ')} }`);
  }
  if (e.help) parts.push(`help: [${q(e.help[0])}, ${q(e.help[1])}]`);
  out += `  { ${parts.join(', ')} },\n`;
}
out += '];\n';
fs.writeFileSync(path.resolve('src/mgmt/options/catalogue-data.ts'), out);
console.error(`${entries.length} map entries, ${shown.length} shown rows, ${entries.filter((e) => e.check).length} with xlator checks`);
